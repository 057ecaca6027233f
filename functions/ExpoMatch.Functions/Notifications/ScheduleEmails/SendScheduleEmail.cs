using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// Queue <c>schedule-emails</c>: brings one participant's schedule email (or one day's agenda) up to date, at most
/// once per schedule version. The outbox row is claimed create-only BEFORE sending (ADR-001); a duplicate message,
/// an overlapping timer or organiser send finds it and stops. A transient SendGrid failure marks the row
/// <c>retry</c> and throws, so the queue redelivers and the same row is claimed again (ETag) and sent once more.
/// A crash after sending leaves the row <c>sending</c>: nobody sends it again; the webhook settles it.
/// An organiser send's fan-out job rides the same queue (<see cref="FanOutOrganiserSendAsync"/>).
/// </summary>
public sealed partial class SendScheduleEmail(
    EventStore events,
    ParticipantStore participants,
    MeetingStore meetings,
    ScheduleEmailStore store,
    OrganiserSendStore sends,
    ScheduleEmailQueue queue,
    ScheduleEmailComposer composer,
    IEmailSender sender,
    TimeProvider time,
    ILogger<SendScheduleEmail> logger)
{
    [Function(nameof(SendScheduleEmail))]
    public Task Run(
        [QueueTrigger("%" + ScheduleEmailQueue.QueueNameSetting + "%", Connection = QueueTriggerSettings.Connection)] string message,
        FunctionContext context) =>
        RunAsync(QueueInvocation.From(message, context), context.CancellationToken);

    public async Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        ScheduleEmailJob job;
        try
        {
            job = message.ReadJson(ScheduleEmailJsonContext.Default.ScheduleEmailJob);
        }
        catch (JsonException)
        {
            // Retrying cannot make a malformed message valid; the poison queue would only hold noise.
            ScheduleEmailsLog.InvalidJob(logger, message.Id);
            return;
        }

        await RunAsync(job, cancellationToken);
    }

    public async Task RunAsync(ScheduleEmailJob job, CancellationToken cancellationToken)
    {
        var expo = await events.GetAsync(job.EventId, cancellationToken);
        if (expo is not null && job.Kind == ScheduleEmailKinds.OrganiserSend)
        {
            await FanOutOrganiserSendAsync(job, cancellationToken);
            return;
        }

        if (expo is not null && job.Kind is ScheduleEmailKinds.ExhibitorApproved or ScheduleEmailKinds.ExhibitorRejected)
        {
            await SendExhibitorDecisionAsync(job, expo, cancellationToken);
            return;
        }

        DateOnly day = default;
        if (expo is null || !Ids.IsValid(job.ParticipantId) || !ParticipantKinds.TryParse(job.ParticipantKind, out var kind)
            || job.Kind is not (ScheduleEmailKinds.Schedule or ScheduleEmailKinds.Agenda)
            || (job.Kind == ScheduleEmailKinds.Agenda && !DateOnly.TryParseExact(job.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)))
        {
            ScheduleEmailsLog.InvalidJob(logger, job.ParticipantId);
            return;
        }

        var participant = await participants.GetAsync(job.EventId, kind, job.ParticipantId, cancellationToken);
        if (participant is not { IsActive: true })
        {
            await RecordAsync(job, SendOutcome.Skipped, null, cancellationToken);
            return;
        }

        var rows = await meetings.ListForAsync(expo.Id, participant.Kind, participant.Id, cancellationToken);
        var state = await store.GetStateAsync(expo.Id, participant.Id, cancellationToken);
        if (job.Kind == ScheduleEmailKinds.Agenda)
        {
            await SendAgendaAsync(job, expo, participant, rows, state, day, cancellationToken);
            return;
        }

        var version = ScheduleVersion.Compute(rows, participant.EmailHash);
        if (state?.LastVersion == version)
        {
            await RecordCurrentAsync(job, state, cancellationToken);
            return;
        }

        if (await store.IsSuppressedAsync(expo.Id, participant.EmailHash, cancellationToken))
        {
            ScheduleEmailsLog.Suppressed(logger, expo.Id, participant.Id);
            await RecordAsync(job, SendOutcome.Suppressed, null, cancellationToken);
            return;
        }

        var plan = ScheduleVersion.Plan(participant.Id, rows, state?.Shown ?? []);
        var visible = plan.Any(p => p.Change != MeetingChange.Unchanged)
            || (plan.Count > 0 && state?.EmailHash != participant.EmailHash);
        if (!visible)
        {
            await store.AdvanceVersionAsync(expo.Id, participant.Id, state, version, participant.EmailHash, time.GetUtcNow(), cancellationToken);
            await RecordCurrentAsync(job, state, cancellationToken);
            return;
        }

        var outboxKey = ScheduleEmailRows.ScheduleOutboxKey(participant.Id, version);
        var row = OutboxRow(job, participant, outboxKey, version, ScheduleVersion.Booked(plan));
        var claim = await store.ClaimAsync(row, time.GetUtcNow(), cancellationToken);
        await RecordAsync(job, SendOutcome.Outbox, outboxKey, cancellationToken);
        if (!claim.Owned)
        {
            var status = claim.Row.GetString(ScheduleEmailRows.Status);
            ScheduleEmailsLog.OwnedElsewhere(logger, expo.Id, outboxKey, status);
            if (status == OutboxStatus.Sent)
            {
                // Sent, but the participant's state was never updated (a crash after recording): repair it, so the
                // timer stops queueing this participant.
                await store.ApplySentAsync(claim.Row, time.GetUtcNow(), cancellationToken);
            }

            return;
        }

        var model = await ModelAsync(expo, participant, version, plan, rows, cancellationToken);
        var email = composer.ComposeSchedule(model);
        await SendAndRecordAsync(claim, email, outboxKey, cancellationToken);
    }

    private async Task SendAgendaAsync(ScheduleEmailJob job, ExpoEvent expo, Participant participant, List<BookedMeeting> rows,
        ParticipantEmailState? state, DateOnly day, CancellationToken cancellationToken)
    {
        var grid = expo.Grid;
        var booked = rows.Where(r => r.Status == MeetingStatus.Booked && r.Slot >= 0 && r.Slot < grid.Count).ToList();
        if (!booked.Any(r => grid[r.Slot].Date == day))
        {
            await RecordAsync(job, SendOutcome.Skipped, null, cancellationToken);
            return;
        }

        if (await store.IsSuppressedAsync(expo.Id, participant.EmailHash, cancellationToken))
        {
            ScheduleEmailsLog.Suppressed(logger, expo.Id, participant.Id);
            await RecordAsync(job, SendOutcome.Suppressed, null, cancellationToken);
            return;
        }

        // The agenda is a reminder of what is booked, not a diff: every meeting is shown as it stands.
        var plan = ScheduleVersion.Plan(participant.Id, booked, []).Select(p => p with { Change = MeetingChange.Unchanged }).ToList();
        var version = state?.LastVersion ?? ScheduleVersion.Compute(rows, participant.EmailHash);
        var outboxKey = ScheduleEmailRows.AgendaOutboxKey(participant.Id, day);
        var claim = await store.ClaimAsync(OutboxRow(job, participant, outboxKey, version, ScheduleVersion.Booked(plan)), time.GetUtcNow(), cancellationToken);
        await RecordAsync(job, SendOutcome.Outbox, outboxKey, cancellationToken);
        if (!claim.Owned)
        {
            ScheduleEmailsLog.OwnedElsewhere(logger, expo.Id, outboxKey, claim.Row.GetString(ScheduleEmailRows.Status));
            return;
        }

        var model = await ModelAsync(expo, participant, version, plan, rows, cancellationToken);
        await SendAndRecordAsync(claim, composer.ComposeDailyAgenda(model, day), outboxKey, cancellationToken);
    }

    private async Task SendAndRecordAsync(OutboxClaim claim, EmailMessage email, string outboxKey, CancellationToken cancellationToken)
    {
        var eventId = claim.Row.PartitionKey;
        email = email with
        {
            CustomArgs = new Dictionary<string, string>(email.CustomArgs) { [EmailCustomArgs.OutboxId] = outboxKey },
        };

        EmailSendResult result;
        try
        {
            result = await sender.SendAsync(email, cancellationToken);
        }
        catch (SendGridException e) when (e.OutcomeUnknown)
        {
            // A timeout: SendGrid may have taken the email. Sending again could duplicate it, so treat it like a crash
            // after sending: the row stays "sending" and the webhook's processed event settles it.
            ScheduleEmailsLog.OutcomeUnknown(logger, eventId, outboxKey);
            return;
        }
        catch (SendGridException e) when (e.IsTransient)
        {
            ScheduleEmailsLog.TransientFailure(logger, eventId, outboxKey, (int?)e.StatusCode);
            var error = string.Create(CultureInfo.InvariantCulture, $"transient: {(int?)e.StatusCode}");
            if (await store.MarkFailedAttemptAsync(claim, transient: true, error, time.GetUtcNow(), cancellationToken))
            {
                throw;
            }

            // Out of attempts: recorded as failed, so a redelivery would only find the row and stop.
            return;
        }
        catch (Exception e) when (e is SendGridException or EmailValidationException)
        {
            var error = e is SendGridException s ? string.Create(CultureInfo.InvariantCulture, $"permanent: {(int?)s.StatusCode}") : "invalid email";
            ScheduleEmailsLog.PermanentFailure(logger, eventId, outboxKey, error);
            await store.MarkFailedAttemptAsync(claim, transient: false, error, time.GetUtcNow(), cancellationToken);
            return;
        }

        // From here on a crash leaves the row "sending": no one sends again, and the webhook marks it sent.
        await store.MarkSentAsync(claim.Row, result.ProviderMessageId, time.GetUtcNow(), cancellationToken);
        await store.ApplySentAsync(claim.Row, time.GetUtcNow(), cancellationToken);
        ScheduleEmailsLog.Sent(logger, eventId, outboxKey, result.ProviderMessageId);
    }

    private TableEntity OutboxRow(ScheduleEmailJob job, Participant participant, string outboxKey, int version, IReadOnlyList<ShownMeeting> shown)
    {
        var now = time.GetUtcNow();
        return new TableEntity(job.EventId, outboxKey)
        {
            [ScheduleEmailRows.Kind] = job.Kind,
            [ScheduleEmailRows.ParticipantId] = participant.Id,
            [ScheduleEmailRows.ParticipantKind] = participant.Kind.Name(),
            [ScheduleEmailRows.Version] = version,
            [ScheduleEmailRows.Day] = job.Day ?? "",
            [ScheduleEmailRows.SendId] = job.SendId ?? "",
            [ScheduleEmailRows.Status] = OutboxStatus.Sending,
            [ScheduleEmailRows.Attempts] = 1,
            [ScheduleEmailRows.ClaimedAt] = now,
            [ScheduleEmailRows.UpdatedAt] = now,
            [ScheduleEmailRows.Shown] = ScheduleVersion.Serialize(shown),
            [ScheduleEmailRows.EmailHash] = participant.EmailHash,
        };
    }

    /// <summary>
    /// The participant already has what they should have: the send is answered by the outbox row of their last email
    /// (whoever sent it, so duplicates and overlapping sends count the same), or skipped when nothing was ever sent.
    /// </summary>
    private Task RecordCurrentAsync(ScheduleEmailJob job, ParticipantEmailState? state, CancellationToken cancellationToken) =>
        state?.LastOutboxKey is { Length: > 0 } outboxKey
            ? RecordAsync(job, SendOutcome.Outbox, outboxKey, cancellationToken)
            : RecordAsync(job, SendOutcome.Skipped, null, cancellationToken);

    private Task RecordAsync(ScheduleEmailJob job, string outcome, string? outboxKey, CancellationToken cancellationToken) =>
        job.SendId is { } sendId && Ids.IsValid(sendId)
            ? store.RecordSendMemberAsync(job.EventId, sendId, job.ParticipantId, outcome, outboxKey, cancellationToken)
            : Task.CompletedTask;

    private async Task<ScheduleEmailModel> ModelAsync(ExpoEvent expo, Participant self, int version, List<PlannedMeeting> plan,
        List<BookedMeeting> rows, CancellationToken cancellationToken)
    {
        var modes = rows.ToDictionary(r => r.MeetingId, r => r.Mode, StringComparer.Ordinal);
        var otherKind = self.Kind == ParticipantKind.Visitor ? ParticipantKind.Exhibitor : ParticipantKind.Visitor;
        var otherIds = plan.Select(p => p.Meeting.Other).Distinct(StringComparer.Ordinal).ToArray();
        var others = await Task.WhenAll(otherIds.Select(id => participants.GetAsync(expo.Id, otherKind, id, cancellationToken)));
        var byId = otherIds.Zip(others).ToDictionary(p => p.First, p => p.Second is { IsActive: true } active ? active : null, StringComparer.Ordinal);

        var grid = expo.Grid;
        var scheduled = new List<ScheduledMeeting>(plan.Count);
        foreach (var (meeting, change) in plan)
        {
            if (meeting.Slot < 0 || meeting.Slot >= grid.Count)
            {
                continue;
            }

            var other = byId[meeting.Other];
            var exhibitor = self.Kind == ParticipantKind.Exhibitor ? self : other;
            var slot = grid[meeting.Slot];
            scheduled.Add(new ScheduledMeeting(
                meeting.MeetingId,
                meeting.Sequence,
                slot.StartUtc,
                slot.EndUtc,
                exhibitor?.BoothCode ?? "",
                meeting.Table.ToString(CultureInfo.InvariantCulture),
                other?.Name ?? "-", // the person met (an exhibitor's contact), with their company beside it
                other?.Company,
                SharedTags(self, other),
                change,
                MeetingModes.VideoLink(expo, modes.GetValueOrDefault(meeting.MeetingId) ?? MeetingModes.Onsite, meeting.MeetingId)));
        }

        return new ScheduleEmailModel(expo.Id, expo.Name, expo.Zone.Id, self.Id,
            new EmailAddress(self.Email, self.Name), self.Language, version, scheduled, self.TimeZone);
    }

    private static List<string> SharedTags(Participant self, Participant? other)
    {
        if (other is null)
        {
            return [];
        }

        var theirs = other.NormalisedTags.ToHashSet(StringComparer.Ordinal);
        return [.. self.Tags.Where((_, i) => i < self.NormalisedTags.Count && theirs.Contains(self.NormalisedTags[i]))];
    }
}
