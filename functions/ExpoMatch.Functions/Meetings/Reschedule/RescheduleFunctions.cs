using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Security;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Meetings.Reschedule;

/// <summary>POST /api/events/{eventId}/meetings/{meetingId}/reschedule: a party proposes another slot (201).</summary>
public sealed class ProposeReschedule : IHttpFunction
{
    [Function(nameof(ProposeReschedule))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meetings/{meetingId}/reschedule")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ProposeReschedule));

    public static Delegate Handler => RescheduleApi.Propose;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Meetings").WithSummary("The visitor or exhibitor of a booked meeting proposes to move it to another free slot; the other party " +
            "accepts or declines. One open proposal per meeting (409 while one is open).")
        .Body<RescheduleRequest>().RequireAccess(MeetingParty.Rule).Idempotent().Errors(403);
}

/// <summary>GET .../meetings/{meetingId}/reschedule: the meeting's latest proposal.</summary>
public sealed class GetReschedule : IHttpFunction
{
    [Function(nameof(GetReschedule))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/meetings/{meetingId}/reschedule")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetReschedule));

    public static Delegate Handler => RescheduleApi.Get;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Meetings").WithSummary("The meeting's latest reschedule proposal and what came of it.")
        .RequireAccess(MeetingParty.RuleOrOrganiser).Errors(404);
}

/// <summary>POST .../meetings/{meetingId}/reschedule/accept: the other party accepts; the meeting moves.</summary>
public sealed class AcceptReschedule : IHttpFunction
{
    [Function(nameof(AcceptReschedule))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meetings/{meetingId}/reschedule/accept")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(AcceptReschedule));

    public static Delegate Handler => RescheduleApi.Accept;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Meetings").WithSummary("The party who did not propose accepts: the meeting moves in one transaction (same calendar UID, " +
            "SEQUENCE+1) and both get an updated schedule email. 409 with the reason when the slot is no longer possible (the proposal is then declined).")
        .RequireAccess(MeetingParty.Rule).Idempotent().Errors(403, 404);
}

/// <summary>POST .../meetings/{meetingId}/reschedule/decline: the other party declines, or the proposer withdraws.</summary>
public sealed class DeclineReschedule : IHttpFunction
{
    [Function(nameof(DeclineReschedule))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meetings/{meetingId}/reschedule/decline")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(DeclineReschedule));

    public static Delegate Handler => RescheduleApi.Decline;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Meetings").WithSummary("The other party declines the open proposal, or its proposer withdraws it; the meeting stays where it is.")
        .RequireAccess(MeetingParty.Rule).Idempotent().Errors(404);
}

/// <summary>Who may act on a meeting: its visitor or exhibitor (the meeting id names both: {visitorId}-{exhibitorId}-{n}).</summary>
public static class MeetingParty
{
    public static AccessRule Rule => DeclineProposedMeeting.MeetingParty;

    public static AccessRule RuleOrOrganiser { get; } = new("Organiser key, or the access token of the meeting's visitor or exhibitor.", false,
        (c, r) => c is OrganiserCaller || Rule.Allows(c, r));

    public static bool TryParse(string? meetingId, out string visitorId, out string exhibitorId) =>
        DeclineProposedMeeting.TryParse(meetingId, out visitorId, out exhibitorId);
}
