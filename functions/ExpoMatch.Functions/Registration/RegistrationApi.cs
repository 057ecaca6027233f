using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// The HTTP API of registration and meeting requests under /api/events. Who may call what (also in the OpenAPI
/// document, per operation):
/// <list type="bullet">
/// <item>create event, register exhibitor: organiser.</item>
/// <item>read event, register visitor: anyone (a visitor signs up without an account).</item>
/// <item>a participant's profile, export, requests, schedule, PATCH, DELETE: that participant or the organiser.</item>
/// <item>exhibitor directory: any participant of the event, or the organiser.</item>
/// <item>request a meeting: a visitor of the event; accept/decline: that request's exhibitor; cancel: its visitor;
/// read one request: either of them or the organiser.</item>
/// </list>
/// 401 means no valid credential; 403 a valid one without the right (decided from the credential and the URL only,
/// so it never tells whether the target exists); 404 an unknown event, participant or request for a caller who
/// may ask.
/// </summary>
public static class RegistrationApi
{
    public static IServiceCollection AddRegistration(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OrganiserOptions>()
            .BindConfiguration(OrganiserOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<OrganiserOptions>, OrganiserOptionsValidator>();
        services.AddSingleton<OrganiserKeys>();
        services.AddSingleton<RegistrationTables>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<ParticipantStore>();
        services.AddSingleton<MeetingRequestStore>();
        services.AddSingleton<MeetingStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<MatchingWorkQueue>();
        services.AddSingleton<CallerResolver>();
        services.AddScoped<RegistrationContext>();
        services.ConfigureAll<OpenApiOptions>(options => options.AddRegistrationDocumentation());
        return services;
    }

    public static IEndpointRouteBuilder MapRegistration(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/api/events").WithTags("Registration");

        events.MapPost("", EventsApi.CreateEvent).WithName("CreateEvent")
            .WithSummary("Create an event and compute its slot grid.")
            .Body<CreateEventRequest>().RequireAccess(AccessRule.Organiser).Idempotent();
        events.MapGet("/{eventId}", EventsApi.GetEvent).WithName("GetEvent")
            .WithSummary("An event's settings and slot grid.")
            .RequireAccess(AccessRule.Anyone).Errors(404);

        MapParticipants(events, ParticipantKind.Exhibitor);
        MapParticipants(events, ParticipantKind.Visitor);

        events.MapGet("/{eventId}/exhibitors", DirectoryApi.ListExhibitors).WithName("ListExhibitors")
            .WithSummary("The exhibitor directory, optionally only exhibitors with a tag (compared normalised).")
            .RequireAccess(AccessRule.EventMember).Errors(400, 404);

        var requests = events.MapGroup("/{eventId}/meeting-requests");
        requests.MapPost("", MeetingRequestsApi.Create).WithName("RequestMeeting")
            .WithSummary("A visitor asks an exhibitor for a meeting; the matcher books it later.")
            .Body<CreateMeetingRequest>().RequireAccess(AccessRule.Visitor).Idempotent();
        requests.MapGet("/{requestId}", MeetingRequestsApi.Get).WithName("GetMeetingRequest")
            .WithSummary("One meeting request.")
            .RequireAccess(AccessRule.RequestPartyOrOrganiser).Errors(404);
        requests.MapPost("/{requestId}/accept", MeetingRequestsApi.Accept).WithName("AcceptMeetingRequest")
            .WithSummary("The exhibitor accepts; the matcher books a meeting.")
            .RequireAccess(AccessRule.RequestSide(ParticipantKind.Exhibitor)).Idempotent().Errors(404, 409);
        requests.MapPost("/{requestId}/decline", MeetingRequestsApi.Decline).WithName("DeclineMeetingRequest")
            .WithSummary("The exhibitor declines; a booked meeting is freed.")
            .RequireAccess(AccessRule.RequestSide(ParticipantKind.Exhibitor)).Idempotent().Errors(404, 409);
        requests.MapPost("/{requestId}/cancel", MeetingRequestsApi.Cancel).WithName("CancelMeetingRequest")
            .WithSummary("The visitor cancels their request; a booked meeting is freed.")
            .RequireAccess(AccessRule.RequestSide(ParticipantKind.Visitor)).Idempotent().Errors(404, 409);
        requests.MapDelete("/{requestId}", MeetingRequestsApi.Cancel).WithName("DeleteMeetingRequest")
            .WithSummary("Same as POST .../cancel.")
            .RequireAccess(AccessRule.RequestSide(ParticipantKind.Visitor)).Errors(404, 409);
        return routes;
    }

    private static void MapParticipants(RouteGroupBuilder events, ParticipantKind kind)
    {
        var plural = kind == ParticipantKind.Exhibitor ? "exhibitors" : "visitors";
        var title = kind == ParticipantKind.Exhibitor ? "Exhibitor" : "Visitor";
        var owner = AccessRule.OwnerOrOrganiser(kind);

        if (kind == ParticipantKind.Exhibitor)
        {
            events.MapPost($"/{{eventId}}/{plural}", ParticipantsApi.RegisterExhibitor).WithName("RegisterExhibitor")
                .WithSummary("Register an exhibitor (organiser). Answers the access token once.")
                .Body<ExhibitorFields>().RequireAccess(AccessRule.Organiser).Idempotent().Errors(404);
            events.MapGet($"/{{eventId}}/{plural}/{{id}}", ParticipantsApi.GetExhibitor).WithName("GetExhibitor")
                .RequireAccess(owner).Errors(404);
            events.MapPatch($"/{{eventId}}/{plural}/{{id}}", ParticipantsApi.PatchExhibitor).WithName("UpdateExhibitor")
                .WithSummary("Change profile fields; absent or null fields stay as they are.")
                .Body<ExhibitorFields>().RequireAccess(owner).Errors(404, 409);
        }
        else
        {
            events.MapPost($"/{{eventId}}/{plural}", ParticipantsApi.RegisterVisitor).WithName("RegisterVisitor")
                .WithSummary("Register as a visitor (anyone). Answers the access token once.")
                .Body<VisitorFields>().RequireAccess(AccessRule.Anyone).Idempotent().Errors(404);
            events.MapGet($"/{{eventId}}/{plural}/{{id}}", ParticipantsApi.GetVisitor).WithName("GetVisitor")
                .RequireAccess(owner).Errors(404);
            events.MapPatch($"/{{eventId}}/{plural}/{{id}}", ParticipantsApi.PatchVisitor).WithName("UpdateVisitor")
                .WithSummary("Change profile fields; absent or null fields stay as they are; an empty jobTitle clears it.")
                .Body<VisitorFields>().RequireAccess(owner).Errors(404, 409);
        }

        events.MapDelete($"/{{eventId}}/{plural}/{{id}}",
                (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
                    ParticipantsApi.Withdraw(eventId, kind, id, registration, cancellationToken))
            .WithName($"Withdraw{title}")
            .WithSummary("Withdraw: erase personal data, cancel requests, free meetings (via the matcher).")
            .RequireAccess(owner).Errors(404, 409);
        events.MapGet($"/{{eventId}}/{plural}/{{id}}/export",
                (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
                    ParticipantsApi.Export(eventId, kind, id, registration, cancellationToken))
            .WithName($"Export{title}")
            .WithSummary("Everything held about the participant: profile, meeting requests, meetings.")
            .RequireAccess(owner).Errors(404);
        events.MapGet($"/{{eventId}}/{plural}/{{id}}/meeting-requests",
                (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
                    ParticipantsApi.ListRequests(eventId, kind, id, registration, cancellationToken))
            .WithName($"List{title}MeetingRequests")
            .WithSummary(kind == ParticipantKind.Visitor ? "Requests the visitor sent." : "Requests the exhibitor received.")
            .RequireAccess(owner).Errors(404);
        events.MapGet($"/{{eventId}}/{plural}/{{id}}/schedule",
                (string eventId, string id, RegistrationContext registration, CancellationToken cancellationToken) =>
                    ParticipantsApi.Schedule(eventId, kind, id, registration, cancellationToken))
            .WithName($"Get{title}Schedule")
            .WithSummary("Booked meetings, times in the event's UTC offset.")
            .RequireAccess(owner).Errors(404);
    }

    /// <summary>Declares a JSON body and the body errors every such endpoint can answer (400, 413, 415).</summary>
    private static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder) where T : notnull =>
        builder.Accepts<T>("application/json")
            .ProducesValidationProblem()
            .Errors(400, 404, 409, 413, 415);

    private static RouteHandlerBuilder Errors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
