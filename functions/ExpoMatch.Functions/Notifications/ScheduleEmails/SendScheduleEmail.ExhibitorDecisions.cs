using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// The emails answering an exhibitor's registration ride the schedule email queue and its outbox: the job re-reads
/// the exhibitor and sends only while its status still matches the decision (a rejection overtaken by an approval
/// is not sent), claiming <c>{id}~exhibitor-approved</c> / <c>{id}~exhibitor-rejected</c> create-only first, so each is
/// sent at most once whatever the retries and duplicates.
/// </summary>
public sealed partial class SendScheduleEmail
{
    private async Task SendExhibitorDecisionAsync(ScheduleEmailJob job, ExpoEvent expo, CancellationToken cancellationToken)
    {
        var approved = job.Kind == ScheduleEmailKinds.ExhibitorApproved;
        var exhibitor = Ids.IsValid(job.ParticipantId)
            ? await participants.GetAsync(expo.Id, ParticipantKind.Exhibitor, job.ParticipantId, cancellationToken)
            : null;
        if (exhibitor is null || exhibitor.ReviewedAt is null ||
            exhibitor.Status != (approved ? ParticipantStatus.Active : ParticipantStatus.Rejected))
        {
            ScheduleEmailsLog.DecisionOutdated(logger, expo.Id, job.ParticipantId, job.Kind);
            return;
        }

        if (await store.IsSuppressedAsync(expo.Id, exhibitor.EmailHash, cancellationToken))
        {
            ScheduleEmailsLog.Suppressed(logger, expo.Id, exhibitor.Id);
            return;
        }

        var outboxKey = ScheduleEmailRows.ExhibitorDecisionOutboxKey(exhibitor.Id, job.Kind);
        var claim = await store.ClaimAsync(OutboxRow(job, exhibitor, outboxKey, 0, []), time.GetUtcNow(), cancellationToken);
        if (!claim.Owned)
        {
            ScheduleEmailsLog.OwnedElsewhere(logger, expo.Id, outboxKey, claim.Row.GetString(ScheduleEmailRows.Status));
            return;
        }

        var email = ExhibitorDecisionComposer.Compose(new ExhibitorDecision(expo.Id, expo.Name, exhibitor.Id,
            new EmailAddress(exhibitor.Email, exhibitor.Name), exhibitor.Company, exhibitor.Language, approved,
            exhibitor.BoothCode, exhibitor.RejectionReason));
        await SendAndRecordAsync(claim, email, outboxKey, cancellationToken);
    }
}
