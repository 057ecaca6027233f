using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Exhibitor and visitor registration and profiles. Registration answers 201 with the access token, the only time it
/// is ever shown. Profile endpoints are for the participant's own token or the organiser (403 for anyone else,
/// decided before any read so existence does not leak); an unknown or withdrawn participant is 404.
/// </summary>
public static class ParticipantsApi
{
    /// <summary>
    /// The organiser registers an exhibitor in any mode and at any time (active at once); anyone else registers an
    /// exhibitor while registration is open, as the event's <c>exhibitorRegistration</c> allows: active at once
    /// (<c>open</c>), pending the organiser's approval (<c>approval</c>), or not at all (<c>organiser</c>: 403).
    /// A self-registering exhibitor may ask for a free booth code but not choose its tables.
    /// </summary>
    public static async Task<Results<Created<ExhibitorResponse>, ValidationProblem, ProblemHttpResult>> RegisterExhibitor(
        string eventId, HttpContext http, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var expo = await registration.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var byOrganiser = http.GetCaller() is OrganiserCaller;
        if (!byOrganiser && expo.ExhibitorRegistration == ExhibitorRegistrationModes.Organiser)
        {
            return Problems.Forbidden("Exhibitors of this event are registered by the organiser.");
        }

        var (body, problem) = await JsonBody.ReadAsync<ExhibitorFields>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var id = Ids.New();
        var (token, tokenHash) = AccessToken.Issue(eventId, ParticipantKind.Exhibitor, id);
        var (exhibitor, errors) = ParticipantValidation.Exhibitor(body!, expo, id, tokenHash, registration.Now);
        if (!byOrganiser && body!.Tables is { } tables && tables != expo.TablesPerBooth)
        {
            errors["tables"] = ["The organiser sets the number of tables; leave it out."];
            exhibitor = null;
        }

        if (exhibitor is null)
        {
            return Problems.Validation(errors);
        }

        if (!byOrganiser && expo.ExhibitorRegistration == ExhibitorRegistrationModes.Approval)
        {
            exhibitor = exhibitor with { Status = ParticipantStatus.Pending };
        }

        var (refused, registered, issued) = await RegisterAsync(expo, exhibitor with { RegistrationFingerprint = IdempotentAttempt.Current(http) },
            token.ToString(), byOrganiser, registration, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Created($"/api/events/{eventId}/exhibitors/{registered!.Id}", registered.ToExhibitorResponse(expo.Grid, issued!));
    }

    public static async Task<Results<Created<VisitorResponse>, ValidationProblem, ProblemHttpResult>> RegisterVisitor(
        string eventId, HttpContext http, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var expo = await registration.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var (body, problem) = await JsonBody.ReadAsync<VisitorFields>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var id = Ids.New();
        var (token, tokenHash) = AccessToken.Issue(eventId, ParticipantKind.Visitor, id);
        var (visitor, errors) = ParticipantValidation.Visitor(body!, expo, id, tokenHash, registration.Now);
        if (visitor is null)
        {
            return Problems.Validation(errors);
        }

        var (refused, registered, issued) = await RegisterAsync(expo, visitor with { RegistrationFingerprint = IdempotentAttempt.Current(http) },
            token.ToString(), http.GetCaller() is OrganiserCaller, registration, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        return TypedResults.Created($"/api/events/{eventId}/visitors/{registered!.Id}", registered.ToVisitorResponse(expo.Grid, issued!));
    }

    /// <summary>
    /// Writes the registration, outside the window only for the organiser (who adds late exhibitors and guests at the
    /// door whatever the public window says). Returns the participant registered and the token to show, or why not.
    /// </summary>
    private static async Task<(ProblemHttpResult? Refused, Participant? Registered, string? Token)> RegisterAsync(
        ExpoEvent expo, Participant participant, string token, bool byOrganiser, RegistrationContext registration, CancellationToken cancellationToken)
    {
        if (!byOrganiser && expo.RegistrationClosedReason(registration.Now) is { } closed)
        {
            return (Problems.Conflict(closed), null, null);
        }

        switch (await registration.Participants.RegisterAsync(participant, cancellationToken))
        {
            case ParticipantWrite.Done:
                RegistrationLog.ParticipantRegistered(registration.Logger, participant.Kind.Name(), participant.Id, expo.Id);
                return (null, participant, token);
            case ParticipantWrite.BoothTaken:
                return (BoothTaken(), null, null);
        }

        if (await ReanswerUnfinishedTryAsync(participant, registration, cancellationToken) is { } again)
        {
            return (null, again.Registered, again.Token);
        }

        RegistrationLog.DuplicateEmail(registration.Logger, expo.Id);
        return (Problems.Conflict("This email address is already registered for this event."), null, null);
    }

    /// <summary>
    /// The address is taken by this very request: an earlier try with the same Idempotency-Key and body landed while
    /// its client had given up (a storage outage), and its answer, with the only copy of the token, was never
    /// recorded. Nobody holds that token (the answer never left), so a fresh one replaces it and the retry gets the
    /// registration as if it had just been made, instead of a 409 that would lock the participant out.
    /// </summary>
    private static async Task<(Participant Registered, string Token)?> ReanswerUnfinishedTryAsync(
        Participant wanted, RegistrationContext registration, CancellationToken cancellationToken)
    {
        if (wanted.RegistrationFingerprint is null)
        {
            return null;
        }

        var stored = await registration.Participants.FindByEmailAsync(wanted.EventId, wanted.EmailHash, cancellationToken);
        if (stored is null || stored.Kind != wanted.Kind || stored.IsWithdrawn
            || !string.Equals(stored.RegistrationFingerprint, wanted.RegistrationFingerprint, StringComparison.Ordinal))
        {
            return null;
        }

        var (token, tokenHash) = AccessToken.Issue(stored.EventId, stored.Kind, stored.Id);
        var reissued = stored with { TokenHash = tokenHash };
        if (await registration.Participants.UpdateAsync(stored, reissued, cancellationToken) != ParticipantWrite.Done)
        {
            return null; // changed meanwhile: the conflict stands, and the client's next retry looks again
        }

        RegistrationLog.RegistrationReanswered(registration.Logger, stored.Kind.Name(), stored.Id, stored.EventId);
        return (reissued, token.ToString());
    }

    internal static ProblemHttpResult BoothTaken() =>
        Problems.Conflict("This booth code is already held by another exhibitor of this event.");

    public static async Task<Results<Ok<ExhibitorResponse>, ProblemHttpResult>> GetExhibitor(
        string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (expo, exhibitor, problem) = await LoadAsync(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(exhibitor!.ToExhibitorResponse(expo!.Grid));
    }

    public static async Task<Results<Ok<VisitorResponse>, ProblemHttpResult>> GetVisitor(
        string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (expo, visitor, problem) = await LoadAsync(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(visitor!.ToVisitorResponse(expo!.Grid));
    }

    public static async Task<Results<Ok<ExhibitorResponse>, ValidationProblem, ProblemHttpResult>> PatchExhibitor(
        string eventId, string id, HttpContext http, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await JsonBody.ReadAsync<ExhibitorFields>(http, cancellationToken);
        var byOrganiser = http.GetCaller() is OrganiserCaller;
        var outcome = await PatchAsync(eventId, ParticipantKind.Exhibitor, id, bodyProblem, registration,
            (current, e) => ParticipantValidation.Patch(current, body!, e, registration.Now), cancellationToken,
            (current, patched) => byOrganiser ? null : ExhibitorMayChange(current, patched));
        if (outcome.Invalid is not null)
        {
            return outcome.Invalid;
        }

        if (outcome.Problem is not null)
        {
            return outcome.Problem;
        }

        return TypedResults.Ok(outcome.Updated!.ToExhibitorResponse(outcome.Event!.Grid));
    }

    public static async Task<Results<Ok<VisitorResponse>, ValidationProblem, ProblemHttpResult>> PatchVisitor(
        string eventId, string id, HttpContext http, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await JsonBody.ReadAsync<VisitorFields>(http, cancellationToken);
        var outcome = await PatchAsync(eventId, ParticipantKind.Visitor, id, bodyProblem, registration,
            (current, e) => ParticipantValidation.Patch(current, body!, e, registration.Now), cancellationToken);
        if (outcome.Invalid is not null)
        {
            return outcome.Invalid;
        }

        if (outcome.Problem is not null)
        {
            return outcome.Problem;
        }

        return TypedResults.Ok(outcome.Updated!.ToVisitorResponse(outcome.Event!.Grid));
    }

    /// <summary>
    /// What an exhibitor may change itself: not its booth code or tables (the organiser's to assign; sending the
    /// current values is fine), and nothing once rejected (the organiser's decision stands; it may withdraw).
    /// </summary>
    private static ProblemHttpResult? ExhibitorMayChange(Participant current, Participant patched)
    {
        if (current.Status == ParticipantStatus.Rejected)
        {
            return Problems.Conflict("This registration was rejected; it can be read, exported or withdrawn, not changed.");
        }

        return string.Equals(current.BoothCode, patched.BoothCode, StringComparison.Ordinal) && current.Tables == patched.Tables
            ? null
            : Problems.Forbidden("Booth codes and tables are assigned by the organiser; an exhibitor cannot change its own.");
    }

    /// <summary>Read, apply, write with the ETag; a concurrent change is retried from a fresh read.</summary>
    private sealed record PatchOutcome(ExpoEvent? Event, Participant? Updated, ProblemHttpResult? Problem, ValidationProblem? Invalid);

    private static async Task<PatchOutcome> PatchAsync(
        string eventId, ParticipantKind kind, string id, ProblemHttpResult? bodyProblem, RegistrationContext registration,
        Func<Participant, ExpoEvent, (Participant? Patched, Dictionary<string, string[]> Errors)> apply,
        CancellationToken cancellationToken,
        Func<Participant, Participant, ProblemHttpResult?>? authorizeChange = null)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (expo, current, problem) = await LoadAsync(eventId, kind, id, registration, cancellationToken);
            if (problem is not null || bodyProblem is not null)
            {
                return new PatchOutcome(null, null, problem ?? bodyProblem, null);
            }

            var (patched, errors) = apply(current!, expo!);
            if (patched is null)
            {
                return new PatchOutcome(null, null, null, Problems.Validation(errors));
            }

            // Field-level rules (who may change what) need the current value, so they run after the read.
            if (authorizeChange?.Invoke(current!, patched) is { } forbidden)
            {
                return new PatchOutcome(null, null, forbidden, null);
            }

            switch (await registration.Participants.UpdateAsync(current!, patched, cancellationToken))
            {
                case ParticipantWrite.Done:
                    RegistrationLog.ParticipantUpdated(registration.Logger, kind.Name(), id, eventId);
                    return new PatchOutcome(expo, patched, null, null);
                case ParticipantWrite.EmailTaken:
                    return new PatchOutcome(null, null, Problems.Conflict("This email address is already registered for this event."), null);
                case ParticipantWrite.BoothTaken:
                    return new PatchOutcome(null, null, BoothTaken(), null);
            }
        }

        return new PatchOutcome(null, null, Problems.Conflict("The profile kept changing concurrently; retry."), null);
    }

    /// <summary>
    /// Withdraws the participant: erases the profile (the token stops working) together with the matcher's work to
    /// free their meetings and close their requests (one transaction, ADR-004), then closes the requests here too for a
    /// prompt answer. Repeating it (organiser) re-sends the work.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Withdraw(
        string eventId, ParticipantKind kind, string id, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var expo = await registration.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var work = new ParticipantWithdrawn(eventId, registration.Now, id, kind.Name());
        var erasedNow = false;
        for (var attempt = 0; ; attempt++)
        {
            var current = await registration.Participants.GetAsync(eventId, kind, id, cancellationToken);
            if (current is null)
            {
                return UnknownParticipant(kind);
            }

            if (current.IsWithdrawn)
            {
                break;
            }

            if (await registration.Participants.EraseAsync(current, registration.Now, MatchingWorkQueue.Pending(work), cancellationToken) == ParticipantWrite.Done)
            {
                erasedNow = true;
                break;
            }

            if (attempt == 2)
            {
                return Problems.Conflict("The profile kept changing concurrently; retry.");
            }
        }

        await registration.Requests.CloseForWithdrawalAsync(eventId, kind, id, registration.Now, cancellationToken);
        if (!erasedNow)
        {
            // A repeat: the work was recorded with the erasure, but it may still be pending; send it again.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await registration.MatchingWork.EnqueueAsync(work, timeout.Token);
        }

        RegistrationLog.ParticipantWithdrawn(registration.Logger, kind.Name(), id, eventId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ParticipantExport>, ProblemHttpResult>> Export(
        string eventId, ParticipantKind kind, string id, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (expo, participant, problem) = await LoadAsync(eventId, kind, id, registration, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var requests = await registration.Requests.ListForAsync(eventId, kind, id, cancellationToken);
        var meetings = await Schedules.BuildAsync(expo!, participant!, registration, cancellationToken);
        return TypedResults.Ok(new ParticipantExport(
            registration.Now,
            kind == ParticipantKind.Exhibitor ? participant!.ToExhibitorResponse(expo!.Grid) : null,
            kind == ParticipantKind.Visitor ? participant!.ToVisitorResponse(expo!.Grid) : null,
            [.. requests.Select(MeetingRequestsApi.ToResponse)],
            meetings));
    }

    public static async Task<Results<Ok<MeetingRequestList>, ProblemHttpResult>> ListRequests(
        string eventId, ParticipantKind kind, string id, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (_, _, problem) = await LoadAsync(eventId, kind, id, registration, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var requests = await registration.Requests.ListForAsync(eventId, kind, id, cancellationToken);
        return TypedResults.Ok(new MeetingRequestList(
            [.. requests.OrderBy(r => r.Priority).ThenBy(r => r.CreatedAt).Select(MeetingRequestsApi.ToResponse)]));
    }

    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> Schedule(
        string eventId, ParticipantKind kind, string id, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (expo, participant, problem) = await LoadAsync(eventId, kind, id, registration, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var meetings = await Schedules.BuildAsync(expo!, participant!, registration, cancellationToken);
        return TypedResults.Ok(new ScheduleResponse(expo!.Zone.Id, meetings, Schedules.OwnZone(expo, participant!)?.Id));
    }

    /// <summary>The event and a participant of it (any status but withdrawn), or the 404 to answer.</summary>
    internal static async Task<(ExpoEvent? Event, Participant? Participant, ProblemHttpResult? Problem)> LoadAsync(
        string eventId, ParticipantKind kind, string id, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var expo = await registration.Events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return (null, null, EventsApi.UnknownEvent());
        }

        var participant = await registration.Participants.GetAsync(eventId, kind, id, cancellationToken);
        return participant is { IsWithdrawn: false } ? (expo, participant, null) : (null, null, UnknownParticipant(kind));
    }

    internal static ProblemHttpResult UnknownParticipant(ParticipantKind kind) =>
        Problems.NotFound($"No {kind.Name()} with this id in this event.");
}
