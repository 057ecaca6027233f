using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// The organiser's review of exhibitors who registered themselves (events with <c>exhibitorRegistration: approval</c>).
/// <para>approve: pending or rejected becomes active (in the directory, requestable, matched). reject (with a reason):
/// pending becomes rejected and its booth code is freed; the exhibitor can still read its profile (status and reason),
/// export and withdraw it, but not change it. An active exhibitor is not rejected (409): the organiser withdraws it.
/// Repeating a decision answers the same profile and makes sure its email is on its way.</para>
/// <para>Each decision sends one email in the exhibitor's language: the job is pending work written in the same
/// transaction as the status (ADR-004), and the email job claims <c>{id}~exhibitor-approved</c> / <c>~exhibitor-rejected</c> in the Outbox before sending,
/// so retries and duplicate messages never send it twice (ADR-001).</para>
/// </summary>
public static class ExhibitorReviewApi
{
    public const int MaxReasonLength = 1000;

    public static Task<Results<Ok<ExhibitorResponse>, ValidationProblem, ProblemHttpResult>> Approve(
        string eventId, string id, RegistrationContext registration, ScheduleEmailQueue emails, CancellationToken cancellationToken) =>
        DecideAsync(eventId, id, ParticipantStatus.Active, null, registration, emails, cancellationToken);

    public static async Task<Results<Ok<ExhibitorResponse>, ValidationProblem, ProblemHttpResult>> Reject(
        string eventId, string id, HttpContext http, RegistrationContext registration, ScheduleEmailQueue emails, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<RejectExhibitorRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var reason = InputRules.OptionalMultilineText(errors, "reason", body!.Reason, MaxReasonLength);
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add("reason", "Required: the exhibitor reads it.");
        }

        return errors.HasErrors
            ? Problems.Validation(errors.ToDictionary())
            : await DecideAsync(eventId, id, ParticipantStatus.Rejected, reason!.Trim(), registration, emails, cancellationToken);
    }

    private static async Task<Results<Ok<ExhibitorResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string eventId, string id, string decision, string? reason, RegistrationContext registration, ScheduleEmailQueue emails,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (expo, current, problem) = await ParticipantsApi.LoadAsync(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (current!.Status == decision)
            {
                // A repeat, or an exhibitor the organiser registered (never reviewed: no email to make sure of).
                if (current.ReviewedAt is not null)
                {
                    await EnqueueDecisionEmailAsync(current, emails, cancellationToken);
                }

                return TypedResults.Ok(current.ToExhibitorResponse(expo!.Grid));
            }

            if (decision == ParticipantStatus.Rejected && current.Status != ParticipantStatus.Pending)
            {
                return Problems.Conflict("Only a pending registration can be rejected; withdraw an approved exhibitor instead.");
            }

            var decided = current with
            {
                Status = decision,
                RejectionReason = reason,
                // A rejected exhibitor gives its booth code back (freed in the same transaction).
                BoothCode = decision == ParticipantStatus.Rejected ? null : current.BoothCode,
                BoothHash = decision == ParticipantStatus.Rejected ? null : current.BoothHash,
                ReviewedAt = registration.Now,
                UpdatedAt = registration.Now,
            };
            // The decision and its email job commit together (ADR-004): the email cannot be lost between the two.
            if (await registration.Participants.UpdateAsync(current, decided, ScheduleEmailQueue.Pending(DecisionEmail(decided)), cancellationToken) == ParticipantWrite.Done)
            {
                RegistrationLog.ExhibitorReviewed(registration.Logger, id, eventId, decision);
                return TypedResults.Ok(decided.ToExhibitorResponse(expo!.Grid));
            }
        }

        return Problems.Conflict("The profile kept changing concurrently; retry.");
    }

    /// <summary>A repeated decision queues its email again (the job is idempotent: its Outbox claim sends it once).</summary>
    private static Task EnqueueDecisionEmailAsync(Participant exhibitor, ScheduleEmailQueue emails, CancellationToken cancellationToken) =>
        emails.EnqueueAsync(DecisionEmail(exhibitor), cancellationToken);

    private static ScheduleEmailJob DecisionEmail(Participant exhibitor) =>
        new(exhibitor.EventId, exhibitor.Id, ParticipantKind.Exhibitor.Name(),
            exhibitor.IsActive ? ScheduleEmailKinds.ExhibitorApproved : ScheduleEmailKinds.ExhibitorRejected);
}
