using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/meeting-requests: a visitor asks an exhibitor for a meeting (202).</summary>
public sealed class RequestMeeting : IHttpFunction
{
    [Function(nameof(RequestMeeting))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meeting-requests")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(RequestMeeting));

    public static Delegate Handler => MeetingRequestsApi.Create;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("A visitor asks an exhibitor for a meeting; the matcher books it once accepted. Asking again updates " +
                  "priority and note, or reopens a cancelled request.")
        .Body<CreateMeetingRequest>().RequireAccess(AccessRule.Visitor).Idempotent();
}

/// <summary>GET /api/events/{eventId}/meeting-requests/{requestId}.</summary>
public sealed class GetMeetingRequest : IHttpFunction
{
    [Function(nameof(GetMeetingRequest))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/meeting-requests/{requestId}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetMeetingRequest));

    public static Delegate Handler => MeetingRequestsApi.Get;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("One meeting request.")
        .RequireAccess(AccessRule.RequestPartyOrOrganiser).Errors(404);
}

/// <summary>POST .../meeting-requests/{requestId}/accept: the exhibitor accepts.</summary>
public sealed class AcceptMeetingRequest : IHttpFunction
{
    [Function(nameof(AcceptMeetingRequest))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meeting-requests/{requestId}/accept")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(AcceptMeetingRequest));

    public static Delegate Handler => MeetingRequestsApi.Accept;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The exhibitor accepts; the matcher books a meeting.")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Exhibitor)).Idempotent().Errors(404, 409);
}

/// <summary>POST .../meeting-requests/{requestId}/decline: the exhibitor declines.</summary>
public sealed class DeclineMeetingRequest : IHttpFunction
{
    [Function(nameof(DeclineMeetingRequest))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meeting-requests/{requestId}/decline")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(DeclineMeetingRequest));

    public static Delegate Handler => MeetingRequestsApi.Decline;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The exhibitor declines; a booked meeting is freed by the matcher.")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Exhibitor)).Idempotent().Errors(404, 409);
}

/// <summary>POST .../meeting-requests/{requestId}/cancel: the visitor cancels their own request.</summary>
public sealed class CancelMeetingRequest : IHttpFunction
{
    [Function(nameof(CancelMeetingRequest))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/meeting-requests/{requestId}/cancel")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(CancelMeetingRequest));

    public static Delegate Handler => MeetingRequestsApi.Cancel;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The visitor cancels their request; a booked meeting is freed by the matcher.")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Visitor)).Idempotent().Errors(404, 409);
}

/// <summary>DELETE .../meeting-requests/{requestId}: the same as POST .../cancel.</summary>
public sealed class DeleteMeetingRequest : IHttpFunction
{
    [Function(nameof(DeleteMeetingRequest))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "events/{eventId}/meeting-requests/{requestId}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(DeleteMeetingRequest));

    public static Delegate Handler => MeetingRequestsApi.Cancel;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The visitor cancels their request (same as POST .../cancel).")
        .RequireAccess(AccessRule.RequestSide(ParticipantKind.Visitor)).Errors(404, 409);
}
