using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/meeting-requests: a visitor asks an exhibitor for a meeting (202).</summary>
public sealed class RequestMeeting : IHttpFunction
{
    public static string Name => nameof(RequestMeeting);
    public static string Route => "events/{eventId}/meeting-requests";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];
    public static Delegate Handler => MeetingRequestsApi.Create;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("A visitor asks an exhibitor for a meeting; the matcher books it once accepted. Asking again updates " +
                  "priority and note, or reopens a cancelled request.")
        .Body<CreateMeetingRequest>().RequireAccess(AccessRule.Visitor).Idempotent();
}

/// <summary>GET /api/events/{eventId}/meeting-requests/{requestId}.</summary>
public sealed class GetMeetingRequest : IHttpFunction
{
    public static string Name => nameof(GetMeetingRequest);
    public static string Route => "events/{eventId}/meeting-requests/{requestId}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => MeetingRequestsApi.Get;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("One meeting request.")
        .RequireAccess(AccessRule.RequestPartyOrOrganiser).Errors(404);
}

/// <summary>POST .../meeting-requests/{requestId}/accept: the exhibitor accepts.</summary>
public sealed class AcceptMeetingRequest : IHttpFunction
{
    public static string Name => nameof(AcceptMeetingRequest);
    public static string Route => "events/{eventId}/meeting-requests/{requestId}/accept";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];
    public static Delegate Handler => MeetingRequestsApi.Accept;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The exhibitor accepts; the matcher books a meeting.")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Exhibitor)).Idempotent().Errors(404, 409);
}

/// <summary>POST .../meeting-requests/{requestId}/decline: the exhibitor declines.</summary>
public sealed class DeclineMeetingRequest : IHttpFunction
{
    public static string Name => nameof(DeclineMeetingRequest);
    public static string Route => "events/{eventId}/meeting-requests/{requestId}/decline";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];
    public static Delegate Handler => MeetingRequestsApi.Decline;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The exhibitor declines; a booked meeting is freed by the matcher.")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Exhibitor)).Idempotent().Errors(404, 409);
}

/// <summary>POST .../meeting-requests/{requestId}/cancel: the visitor cancels their own request.</summary>
public sealed class CancelMeetingRequest : IHttpFunction
{
    public static string Name => nameof(CancelMeetingRequest);
    public static string Route => "events/{eventId}/meeting-requests/{requestId}/cancel";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];
    public static Delegate Handler => MeetingRequestsApi.Cancel;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The visitor cancels their request; a booked meeting is freed by the matcher.")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Visitor)).Idempotent().Errors(404, 409);
}

/// <summary>DELETE .../meeting-requests/{requestId}: the same as POST .../cancel.</summary>
public sealed class DeleteMeetingRequest : IHttpFunction
{
    public static string Name => nameof(DeleteMeetingRequest);
    public static string Route => "events/{eventId}/meeting-requests/{requestId}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Delete];
    public static Delegate Handler => MeetingRequestsApi.Cancel;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The visitor cancels their request (same as POST .../cancel).")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Visitor)).Errors(404, 409);
}
