using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/visitors: anyone registers as a visitor.</summary>
public sealed class RegisterVisitor : IHttpFunction
{
    [Function(nameof(RegisterVisitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/visitors")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(RegisterVisitor));

    public static Delegate Handler => ParticipantsApi.RegisterVisitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Register as a visitor (anyone). The answer holds the access token, shown this once.")
        .Body<VisitorFields>().RequireAccess(AccessRule.Anyone).Idempotent();
}

/// <summary>GET /api/events/{eventId}/visitors/{id}: the profile.</summary>
public sealed class GetVisitor : IHttpFunction
{
    [Function(nameof(GetVisitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/visitors/{id}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetVisitor));

    public static Delegate Handler => ParticipantsApi.GetVisitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The visitor's profile.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}

/// <summary>PATCH /api/events/{eventId}/visitors/{id}: change the profile.</summary>
public sealed class UpdateVisitor : IHttpFunction
{
    [Function(nameof(UpdateVisitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "events/{eventId}/visitors/{id}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(UpdateVisitor));

    public static Delegate Handler => ParticipantsApi.PatchVisitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Change profile fields; absent or null fields stay as they are. An empty jobTitle clears it.")
        .Body<VisitorFields>()
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404, 409);
}

/// <summary>DELETE /api/events/{eventId}/visitors/{id}: withdraw and erase.</summary>
public sealed class WithdrawVisitor : IHttpFunction
{
    [Function(nameof(WithdrawVisitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "events/{eventId}/visitors/{id}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(WithdrawVisitor));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Withdraw(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Withdraw: erase personal data, cancel meeting requests, free meetings (through the matcher).")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404, 409);
}

/// <summary>GET /api/events/{eventId}/visitors/{id}/export: everything held about them.</summary>
public sealed class ExportVisitor : IHttpFunction
{
    [Function(nameof(ExportVisitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/visitors/{id}/export")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ExportVisitor));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Export(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Everything held about the participant: profile, meeting requests, meetings.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/visitors/{id}/meeting-requests: their meeting requests.</summary>
public sealed class ListVisitorMeetingRequests : IHttpFunction
{
    [Function(nameof(ListVisitorMeetingRequests))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/visitors/{id}/meeting-requests")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ListVisitorMeetingRequests));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.ListRequests(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Requests the visitor sent.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/visitors/{id}/schedule: their meetings.</summary>
public sealed class GetVisitorSchedule : IHttpFunction
{
    [Function(nameof(GetVisitorSchedule))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/visitors/{id}/schedule")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetVisitorSchedule));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Schedule(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Booked meetings, times in the event's UTC offset.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}
