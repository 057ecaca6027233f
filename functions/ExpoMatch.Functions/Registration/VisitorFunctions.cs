using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/visitors: anyone registers as a visitor.</summary>
public sealed class RegisterVisitor : IHttpFunction
{
    public static string Name => nameof(RegisterVisitor);
    public static string Route => "events/{eventId}/visitors";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];
    public static Delegate Handler => ParticipantsApi.RegisterVisitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Register as a visitor (anyone). The answer holds the access token, shown this once.")
        .Body<VisitorFields>().RequireAccess(AccessRule.Anyone).Idempotent();
}

/// <summary>GET /api/events/{eventId}/visitors/{id}: the profile.</summary>
public sealed class GetVisitor : IHttpFunction
{
    public static string Name => nameof(GetVisitor);
    public static string Route => "events/{eventId}/visitors/{id}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => ParticipantsApi.GetVisitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The visitor's profile.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}

/// <summary>PATCH /api/events/{eventId}/visitors/{id}: change the profile.</summary>
public sealed class UpdateVisitor : IHttpFunction
{
    public static string Name => nameof(UpdateVisitor);
    public static string Route => "events/{eventId}/visitors/{id}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Patch];
    public static Delegate Handler => ParticipantsApi.PatchVisitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Change profile fields; absent or null fields stay as they are. An empty jobTitle clears it.")
        .Body<VisitorFields>()
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404, 409);
}

/// <summary>DELETE /api/events/{eventId}/visitors/{id}: withdraw and erase.</summary>
public sealed class WithdrawVisitor : IHttpFunction
{
    public static string Name => nameof(WithdrawVisitor);
    public static string Route => "events/{eventId}/visitors/{id}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Delete];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Withdraw(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Withdraw: erase personal data, cancel meeting requests, free meetings (through the matcher).")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404, 409);
}

/// <summary>GET /api/events/{eventId}/visitors/{id}/export: everything held about them.</summary>
public sealed class ExportVisitor : IHttpFunction
{
    public static string Name => nameof(ExportVisitor);
    public static string Route => "events/{eventId}/visitors/{id}/export";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Export(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Everything held about the participant: profile, meeting requests, meetings.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/visitors/{id}/meeting-requests: their meeting requests.</summary>
public sealed class ListVisitorMeetingRequests : IHttpFunction
{
    public static string Name => nameof(ListVisitorMeetingRequests);
    public static string Route => "events/{eventId}/visitors/{id}/meeting-requests";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.ListRequests(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Requests the visitor sent.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/visitors/{id}/schedule: their meetings.</summary>
public sealed class GetVisitorSchedule : IHttpFunction
{
    public static string Name => nameof(GetVisitorSchedule);
    public static string Route => "events/{eventId}/visitors/{id}/schedule";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Schedule(eventId, ParticipantKind.Visitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Booked meetings, times in the event's UTC offset.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor)).Errors(404);
}
