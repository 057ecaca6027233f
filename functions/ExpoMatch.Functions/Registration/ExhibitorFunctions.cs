using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/exhibitors: an exhibitor registers itself, or the organiser registers one.</summary>
public sealed class RegisterExhibitor : IHttpFunction
{
    [Function(nameof(RegisterExhibitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/exhibitors")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(RegisterExhibitor));

    public static Delegate Handler => ParticipantsApi.RegisterExhibitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Register an exhibitor: anyone while registration is open, as the event's exhibitorRegistration allows " +
                  "(open: active at once; approval: pending until the organiser approves; organiser: 403), or the organiser " +
                  "at any time (active at once). A self-registering exhibitor may ask for a free boothCode (409 if taken) " +
                  "but not set tables. The answer holds the access token, shown this once.")
        .Body<ExhibitorFields>().RequireAccess(AccessRule.Anyone).Errors(403).Idempotent();
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}: the profile.</summary>
public sealed class GetExhibitor : IHttpFunction
{
    [Function(nameof(GetExhibitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/exhibitors/{id}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetExhibitor));

    public static Delegate Handler => ParticipantsApi.GetExhibitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The exhibitor's profile.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}

/// <summary>PATCH /api/events/{eventId}/exhibitors/{id}: change the profile.</summary>
public sealed class UpdateExhibitor : IHttpFunction
{
    [Function(nameof(UpdateExhibitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "events/{eventId}/exhibitors/{id}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(UpdateExhibitor));

    public static Delegate Handler => ParticipantsApi.PatchExhibitor;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Change profile fields; absent or null fields stay as they are. Only the organiser may change boothCode " +
            "(unique in the event: 409 if taken; the old code is freed) and tables: an exhibitor sending different values gets " +
            "403 and nothing changes (sending the current ones is fine). A pending exhibitor may edit its profile; a rejected " +
            "one gets 409.")
        .Body<ExhibitorFields>()
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404, 409);
}

/// <summary>DELETE /api/events/{eventId}/exhibitors/{id}: withdraw and erase.</summary>
public sealed class WithdrawExhibitor : IHttpFunction
{
    [Function(nameof(WithdrawExhibitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "events/{eventId}/exhibitors/{id}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(WithdrawExhibitor));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Withdraw(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Withdraw: erase personal data, cancel meeting requests, free meetings (through the matcher).")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404, 409);
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}/export: everything held about them.</summary>
public sealed class ExportExhibitor : IHttpFunction
{
    [Function(nameof(ExportExhibitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/exhibitors/{id}/export")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ExportExhibitor));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Export(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Everything held about the participant: profile, meeting requests, meetings.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}/meeting-requests: their meeting requests.</summary>
public sealed class ListExhibitorMeetingRequests : IHttpFunction
{
    [Function(nameof(ListExhibitorMeetingRequests))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/exhibitors/{id}/meeting-requests")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ListExhibitorMeetingRequests));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.ListRequests(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Requests the exhibitor received.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}

/// <summary>GET /api/events/{eventId}/exhibitors/{id}/schedule: their meetings.</summary>
public sealed class GetExhibitorSchedule : IHttpFunction
{
    [Function(nameof(GetExhibitorSchedule))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/exhibitors/{id}/schedule")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetExhibitorSchedule));

    public static Delegate Handler => (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
        ParticipantsApi.Schedule(eventId, ParticipantKind.Exhibitor, id, registration, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Booked meetings, times in the event's UTC offset.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Exhibitor)).Errors(404);
}

/// <summary>POST /api/events/{eventId}/exhibitors/{id}/approve: the organiser admits a pending (or rejected) exhibitor.</summary>
public sealed class ApproveExhibitor : IHttpFunction
{
    [Function(nameof(ApproveExhibitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/exhibitors/{id}/approve")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ApproveExhibitor));

    public static Delegate Handler => ExhibitorReviewApi.Approve;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Approve a pending or rejected exhibitor: it becomes active (directory, requests, matching) and gets one " +
                  "email in its language. Repeating it changes nothing.")
        .RequireAccess(AccessRule.Organiser).Idempotent().Errors(404, 409);
}

/// <summary>POST /api/events/{eventId}/exhibitors/{id}/reject: the organiser turns a pending exhibitor down.</summary>
public sealed class RejectExhibitor : IHttpFunction
{
    [Function(nameof(RejectExhibitor))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/exhibitors/{id}/reject")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(RejectExhibitor));

    public static Delegate Handler => ExhibitorReviewApi.Reject;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Reject a pending exhibitor with a reason it will read: its booth code is freed and it gets one email in " +
                  "its language. It can still read, export and withdraw its profile. 409 for an active exhibitor.")
        .Body<RejectExhibitorRequest>().RequireAccess(AccessRule.Organiser).Idempotent();
}
