using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events: an organiser creates an event; the answer holds its slot grid.</summary>
public sealed class CreateEvent : IHttpFunction
{
    [Function(nameof(CreateEvent))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(CreateEvent));

    public static Delegate Handler => EventsApi.CreateEvent;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("Create an event and compute its slot grid.")
        .Body<CreateEventRequest>().RequireAccess(AccessRule.Organiser).Idempotent();
}

/// <summary>GET /api/events/{eventId}: the public event page (settings and slot grid).</summary>
public sealed class GetEvent : IHttpFunction
{
    [Function(nameof(GetEvent))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetEvent));

    public static Delegate Handler => EventsApi.GetEvent;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("An event's settings and slot grid.")
        .RequireAccess(AccessRule.Anyone).Errors(404);
}

/// <summary>GET /api/events/{eventId}/exhibitors: the exhibitor directory, paged, optionally by tag.</summary>
public sealed class ListExhibitors : IHttpFunction
{
    [Function(nameof(ListExhibitors))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/exhibitors")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(ListExhibitors));

    public static Delegate Handler => DirectoryApi.ListExhibitors;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .Describe("The exhibitor directory (no contact details), optionally only exhibitors with a tag (compared normalised). " +
                  $"Pages of ?limit= (1-{DirectoryApi.MaxLimit}, default {DirectoryApi.DefaultLimit}); pass continuationToken for the next.")
        .RequireAccess(AccessRule.EventMember).Errors(400, 404);
}
