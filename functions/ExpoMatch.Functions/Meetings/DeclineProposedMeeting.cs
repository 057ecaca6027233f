using System.ComponentModel;
using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Meetings;

public sealed record MeetingDecisionResponse(
    string Id,
    [property: Description("declined once declined; a booked meeting cannot be declined here (cancel its request).")] string Status,
    [property: Description("iCalendar SEQUENCE: the invite update the schedule email carries.")] int Sequence);

/// <summary>
/// POST /api/events/{eventId}/meetings/{meetingId}/decline: the visitor or the exhibitor of a proposed meeting says
/// no. The slot is freed at once and the pair is never proposed again; an auto-match message offers the freed
/// capacity to the next candidate. Repeating it answers the same.
/// </summary>
public sealed class DeclineProposedMeeting : IHttpFunction
{
    [Function(nameof(DeclineProposedMeeting))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meetings/{meetingId}/decline")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(DeclineProposedMeeting));

    public static Delegate Handler => DeclineAsync;

    /// <summary>The visitor or exhibitor named in the meeting id (ids carry the pair: {visitorId}-{exhibitorId}-{n}).</summary>
    public static AccessRule MeetingParty { get; } = new("The access token of the meeting's visitor or exhibitor.", false,
        (c, r) => c is ParticipantCaller p && p.EventId == (r["eventId"] as string) && IsParty(p, r["meetingId"] as string));

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Meetings").WithSummary("The visitor or exhibitor declines a meeting the matcher proposed from shared tags.")
        .RequireAccess(MeetingParty).Idempotent().ProducesProblem(404).ProducesProblem(409);

    public static async Task<Results<Ok<MeetingDecisionResponse>, ProblemHttpResult>> DeclineAsync(
        string eventId, string meetingId, EventStore events, MeetingBooker booker, MatchingWorkQueue work, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await events.GetAsync(eventId, cancellationToken) is null)
        {
            return EventsApi.UnknownEvent();
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var meeting = TryParse(meetingId, out _, out _) ? await booker.GetAsync(eventId, meetingId, cancellationToken) : null;
            switch (meeting?.Status)
            {
                case null:
                    return Problems.NotFound("No meeting with this id in this event.");
                case MeetingStatus.Declined:
                    return TypedResults.Ok(new MeetingDecisionResponse(meeting.MeetingId, meeting.Status, meeting.Sequence));
                case MeetingStatus.Proposed:
                    if (await booker.FreeAsync(meeting, MeetingStatus.Declined, cancellationToken) == FreeOutcome.Changed)
                    {
                        continue;
                    }

                    await work.EnqueueAsync(new AutoMatchRequested(eventId, time.GetUtcNow()), cancellationToken);
                    var now = await booker.GetAsync(eventId, meetingId, cancellationToken) ?? meeting;
                    return now.Status == MeetingStatus.Declined
                        ? TypedResults.Ok(new MeetingDecisionResponse(now.MeetingId, now.Status, now.Sequence))
                        : Problems.Conflict($"The meeting is {now.Status} and can no longer be declined.");
                default:
                    return Problems.Conflict($"A {meeting.Status} meeting cannot be declined; only proposals can (cancel or decline its request instead).");
            }
        }

        return Problems.Conflict("The meeting kept changing concurrently; retry.");
    }

    private static bool IsParty(ParticipantCaller p, string? meetingId) =>
        !TryParse(meetingId, out var visitorId, out var exhibitorId) ||
        (p.Kind == ParticipantKind.Visitor ? visitorId : exhibitorId) == p.ParticipantId;

    internal static bool TryParse(string? meetingId, out string visitorId, out string exhibitorId)
    {
        var parts = meetingId?.Split('-') ?? [];
        visitorId = parts.Length == 3 ? parts[0] : "";
        exhibitorId = parts.Length == 3 ? parts[1] : "";
        return parts.Length == 3 && Ids.IsValid(visitorId) && Ids.IsValid(exhibitorId) && parts[2].Length is > 0 and < 10 && parts[2].All(char.IsAsciiDigit);
    }
}
