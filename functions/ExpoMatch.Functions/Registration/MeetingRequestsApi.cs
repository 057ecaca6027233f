using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Meeting requests: a visitor asks (202: the matcher books later), the exhibitor accepts or declines, the visitor
/// may cancel. Every decision is a state change on the pair's one row, guarded by its ETag, committed together with
/// the matcher's work as a pending-work row (ADR-004). Repeating a decision re-sends the work and changes nothing else,
/// so a client retry after a failure always completes.
/// </summary>
public static class MeetingRequestsApi
{
    public const int DefaultPriority = 2;

    /// <summary>How long a repeated decision spends re-sending its work before answering with the failure.</summary>
    private static readonly TimeSpan RepeatDeliveryTimeout = TimeSpan.FromSeconds(10);

    public static async Task<Results<Accepted<MeetingRequestResponse>, ValidationProblem, ProblemHttpResult>> Create(
        string eventId, HttpContext http, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var visitor = (ParticipantCaller)http.GetCaller();
        if (await registration.Events.GetAsync(eventId, cancellationToken) is null)
        {
            return EventsApi.UnknownEvent();
        }

        var (body, problem) = await JsonBody.ReadAsync<CreateMeetingRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrors();
        var note = InputRules.OptionalMultilineText(errors, "note", body!.Note, InputRules.MaxNoteLength);
        if (body.Priority is < 1 or > 3)
        {
            errors.Add("priority", "1 (most wanted) to 3.");
        }

        if (!Ids.IsValid(body.ExhibitorId) ||
            await registration.Participants.GetAsync(eventId, ParticipantKind.Exhibitor, body.ExhibitorId!, cancellationToken)
                is not { IsActive: true })
        {
            errors.Add("exhibitorId", "No exhibitor with this id in this event.");
        }

        if (errors.HasErrors)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = registration.Now;
        var wanted = new MeetingRequest(eventId, visitor.ParticipantId, body.ExhibitorId!, MeetingRequestStatus.Pending,
            body.Priority ?? DefaultPriority, string.IsNullOrEmpty(note) ? null : note, now, now);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await registration.Requests.GetAsync(eventId, wanted.VisitorId, wanted.ExhibitorId, cancellationToken);
            bool written;
            switch (existing?.Status)
            {
                case null:
                    written = await registration.Requests.AddAsync(wanted, cancellationToken);
                    break;
                case MeetingRequestStatus.Declined:
                    return Problems.Conflict("The exhibitor declined a meeting request from you.");
                case MeetingRequestStatus.Accepted:
                    // Already agreed: a repeat must not send it back to pending.
                    return Accepted(existing);
                default:
                    // Pending: update priority and note. Cancelled: ask again.
                    wanted = wanted with { CreatedAt = existing.CreatedAt, ETag = existing.ETag };
                    written = await registration.Requests.UpdateAsync(wanted, cancellationToken);
                    break;
            }

            if (written)
            {
                RegistrationLog.RequestChanged(registration.Logger, wanted.Id, eventId, wanted.Status);
                return Accepted(wanted);
            }
        }

        return Problems.Conflict("The request kept changing concurrently; retry.");
    }

    public static async Task<Results<Ok<MeetingRequestResponse>, ProblemHttpResult>> Get(
        string eventId, string requestId, RegistrationContext registration, CancellationToken cancellationToken)
    {
        var (request, problem) = await LoadAsync(eventId, requestId, registration, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(ToResponse(request!));
    }

    public static Task<Results<Ok<MeetingRequestResponse>, ProblemHttpResult>> Accept(
        string eventId, string requestId, RegistrationContext registration, CancellationToken cancellationToken) =>
        DecideAsync(eventId, requestId, MeetingRequestStatus.Accepted, registration, cancellationToken);

    public static Task<Results<Ok<MeetingRequestResponse>, ProblemHttpResult>> Decline(
        string eventId, string requestId, RegistrationContext registration, CancellationToken cancellationToken) =>
        DecideAsync(eventId, requestId, MeetingRequestStatus.Declined, registration, cancellationToken);

    public static Task<Results<Ok<MeetingRequestResponse>, ProblemHttpResult>> Cancel(
        string eventId, string requestId, RegistrationContext registration, CancellationToken cancellationToken) =>
        DecideAsync(eventId, requestId, MeetingRequestStatus.Cancelled, registration, cancellationToken);

    private static async Task<Results<Ok<MeetingRequestResponse>, ProblemHttpResult>> DecideAsync(
        string eventId, string requestId, string target, RegistrationContext registration, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (request, problem) = await LoadAsync(eventId, requestId, registration, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (!IsAllowed(request!.Status, target))
            {
                return Problems.Conflict($"A {request.Status} request cannot become {target}.");
            }

            if (request.Status == target)
            {
                // A repeat: the change is stored, but the client cannot know whether its work was delivered. Send it
                // again (duplicates are harmless), not bound to the client's disconnect.
                using var timeout = new CancellationTokenSource(RepeatDeliveryTimeout);
                await registration.MatchingWork.EnqueueAsync(Work(request, registration.Now), timeout.Token);
                RegistrationLog.RequestChanged(registration.Logger, request.Id, eventId, target);
                return TypedResults.Ok(ToResponse(request));
            }

            // The new status and the matcher's work commit together (ADR-004): the work can no longer be lost between
            // the two writes, whatever happens to this request after the commit.
            var decided = request with { Status = target, UpdatedAt = registration.Now };
            if (await registration.Requests.UpdateAsync(decided, MatchingWorkQueue.Pending(Work(decided, registration.Now)), cancellationToken))
            {
                RegistrationLog.RequestChanged(registration.Logger, decided.Id, eventId, target);
                return TypedResults.Ok(ToResponse(decided));
            }
        }

        return Problems.Conflict("The request kept changing concurrently; retry.");
    }

    /// <summary>
    /// Which decisions are allowed from which state. An exhibitor may change their mind either way; a cancelled
    /// request is the visitor's to reopen (by requesting again), and a declined one cannot be cancelled to get
    /// around the decline.
    /// </summary>
    private static bool IsAllowed(string from, string to) => (from, to) switch
    {
        (_, _) when from == to => true,
        (MeetingRequestStatus.Pending or MeetingRequestStatus.Declined, MeetingRequestStatus.Accepted) => true,
        (MeetingRequestStatus.Pending or MeetingRequestStatus.Accepted, MeetingRequestStatus.Declined) => true,
        (MeetingRequestStatus.Pending or MeetingRequestStatus.Accepted, MeetingRequestStatus.Cancelled) => true,
        _ => false,
    };

    private static MatchingWork Work(MeetingRequest r, DateTimeOffset now) => r.Status switch
    {
        MeetingRequestStatus.Accepted => new MeetingRequestAccepted(r.EventId, now, r.Id, r.VisitorId, r.ExhibitorId),
        MeetingRequestStatus.Declined => new MeetingRequestDeclined(r.EventId, now, r.Id, r.VisitorId, r.ExhibitorId),
        _ => new MeetingRequestCancelled(r.EventId, now, r.Id, r.VisitorId, r.ExhibitorId),
    };

    private static async Task<(MeetingRequest? Request, ProblemHttpResult? Problem)> LoadAsync(
        string eventId, string requestId, RegistrationContext registration, CancellationToken cancellationToken)
    {
        if (await registration.Events.GetAsync(eventId, cancellationToken) is null)
        {
            return (null, EventsApi.UnknownEvent());
        }

        var request = MeetingRequestId.TryParse(requestId, out var visitorId, out var exhibitorId)
            ? await registration.Requests.GetAsync(eventId, visitorId, exhibitorId, cancellationToken)
            : null;
        return request is null ? (null, Problems.NotFound("No meeting request with this id in this event.")) : (request, null);
    }

    private static Accepted<MeetingRequestResponse> Accepted(MeetingRequest r) =>
        TypedResults.Accepted($"/api/events/{r.EventId}/meeting-requests/{r.Id}", ToResponse(r));

    public static MeetingRequestResponse ToResponse(MeetingRequest r) =>
        new(r.Id, r.EventId, r.VisitorId, r.ExhibitorId, r.Status, r.Priority, r.Note, r.CreatedAt, r.UpdatedAt, r.Placement);
}
