using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Matching;

/// <summary>GET /api/events/{eventId}/visitors/{id}/recommendations: exhibitors to meet, best first.</summary>
public sealed class GetVisitorRecommendations : IHttpFunction
{
    [Function(nameof(GetVisitorRecommendations))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/visitors/{id}/recommendations")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetVisitorRecommendations));

    public static Delegate Handler => RecommendationsApi.Get;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Matching")
        .WithSummary("Exhibitors whose tags best match the visitor's (rarer shared tags weigh more), best first; " +
                     "exhibitors already met or requested are left out. Query: limit (1-100, default 10), offset.")
        .RequireAccess(AccessRule.OwnerOrOrganiser(ParticipantKind.Visitor))
        .ProducesValidationProblem().Errors(404);
}

/// <summary>POST /api/events/{eventId}/matching/runs: the organiser queues a whole-event matching run.</summary>
public sealed class StartEventMatchingRun : IHttpFunction
{
    [Function(nameof(StartEventMatchingRun))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/matching/runs")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(StartEventMatchingRun));

    public static Delegate Handler => MatchingRunsApi.Start;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Matching")
        .WithSummary("Queue a matching run over the whole event (202 with its id). dryRun true only reports metrics; " +
                     "false publishes new meetings (confirmed ones never move). Runs of one event never overlap: a " +
                     "second run stays queued until the first finishes.")
        .Body<StartMatchingRun>().RequireAccess(AccessRule.Organiser).Idempotent();
}

/// <summary>GET /api/events/{eventId}/matching/runs/{id}: status and metrics of a run.</summary>
public sealed class GetEventMatchingRun : IHttpFunction
{
    [Function(nameof(GetEventMatchingRun))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/matching/runs/{id}")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetEventMatchingRun));

    public static Delegate Handler => MatchingRunsApi.Get;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Matching")
        .WithSummary("A matching run: queued, running, succeeded or failed, with its quality metrics.")
        .RequireAccess(AccessRule.Organiser).Errors(404);
}
