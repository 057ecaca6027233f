using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// An organiser send's fan-out: the first delivery lists the event's active participants, writes a member row for
/// each and only then marks the list fixed; every delivery then queues a schedule job for each member whose job has
/// not answered yet. A fan-out that dies half-way is redelivered by the queue and finishes the same list; duplicates
/// of a participant's job are harmless (the outbox sends each schedule version at most once).
/// </summary>
public sealed partial class SendScheduleEmail
{
    private async Task FanOutOrganiserSendAsync(ScheduleEmailJob job, CancellationToken cancellationToken)
    {
        var header = job.SendId is { } sendId && Ids.IsValid(sendId)
            ? await sends.GetHeaderAsync(job.EventId, sendId, cancellationToken)
            : null;
        if (header is null)
        {
            ScheduleEmailsLog.InvalidJob(logger, job.SendId ?? "");
            return;
        }

        var fannedOut = OrganiserSendStore.IsFannedOut(header);
        if (!fannedOut)
        {
            var active = await participants.ListActiveAsync(job.EventId, cancellationToken);
            await sends.AddMembersAsync(job.EventId, job.SendId!, [.. active.Select(p => (p.Id, p.Kind.Name()))], cancellationToken);
        }

        // Read back rather than trusting the list above: a concurrent delivery may have added members of its own.
        var members = await sends.ListMembersAsync(job.EventId, job.SendId!, cancellationToken);
        if (!fannedOut)
        {
            await sends.MarkFannedOutAsync(header, members.Count, cancellationToken);
        }

        var jobs = members
            .Where(m => m.Outcome.Length == 0)
            .Select(m => new ScheduleEmailJob(job.EventId, m.ParticipantId, m.ParticipantKind, ScheduleEmailKinds.Schedule, SendId: job.SendId))
            .ToList();
        await queue.EnqueueAllAsync(jobs, cancellationToken);
        ScheduleEmailsLog.OrganiserSendQueued(logger, job.EventId, job.SendId!, members.Count, jobs.Count);
    }
}
