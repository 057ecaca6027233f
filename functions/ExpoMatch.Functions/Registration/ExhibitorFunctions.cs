using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/exhibitors: the organiser registers an exhibitor (booth codes are theirs to assign).</summary>
public sealed class RegisterExhibitor : IHttpFunction
{
    public static string Name => nameof(RegisterExhibitor);
    public static string Route => "events/{eventId}/exhibitors";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];
    public static Delegate Handler => ParticipantsApi.RegisterExhibitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Register an exhibitor (organiser). The answer holds the access token, shown this once.")
        .Body<ExhibitorFields>().RequireAccess(AccessRule.Organiser).Idempotent();
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}: the profile.</summary>
public sealed class GetExhibitor : IHttpFunction
{
    public static string Name => nameof(GetExhibitor);
    public static string Route => "events/{eventId}/exhibitors/{id}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => ParticipantsApi.GetExhibitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The exhibitor's profile.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}

/// <summary>PATCH /api/events/{eventId}/exhibitors/{id}: change the profile.</summary>
public sealed class UpdateExhibitor : IHttpFunction
{
    public static string Name => nameof(UpdateExhibitor);
    public static string Route => "events/{eventId}/exhibitors/{id}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Patch];
    public static Delegate Handler => ParticipantsApi.PatchExhibitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Change profile fields; absent or null fields stay as they are. Only the organiser may change boothCode: " +
            "an exhibitor sending a different boothCode gets 403 and nothing changes (sending the current one is fine).")
        .Body<ExhibitorFields>()
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404, 409);
}

/// <summary>DELETE /api/events/{eventId}/exhibitors/{id}: withdraw and erase.</summary>
public sealed class WithdrawExhibitor : IHttpFunction
{
    public static string Name => nameof(WithdrawExhibitor);
    public static string Route => "events/{eventId}/exhibitors/{id}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Delete];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Withdraw(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Withdraw: erase personal data, cancel meeting requests, free meetings (through the matcher).")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404, 409);
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}/export: everything held about them.</summary>
public sealed class ExportExhibitor : IHttpFunction
{
    public static string Name => nameof(ExportExhibitor);
    public static string Route => "events/{eventId}/exhibitors/{id}/export";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Export(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Everything held about the participant: profile, meeting requests, meetings.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}/meeting-requests: their meeting requests.</summary>
public sealed class ListExhibitorMeetingRequests : IHttpFunction
{
    public static string Name => nameof(ListExhibitorMeetingRequests);
    public static string Route => "events/{eventId}/exhibitors/{id}/meeting-requests";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.ListRequests(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Requests the exhibitor received.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}/schedule: their meetings.</summary>
public sealed class GetExhibitorSchedule : IHttpFunction
{
    public static string Name => nameof(GetExhibitorSchedule);
    public static string Route => "events/{eventId}/exhibitors/{id}/schedule";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Schedule(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Booked meetings, times in the event's UTC offset.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}
