using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Matching;

/// <summary>GET /api/events/{eventId}/visitors/{id}/recommendations: exhibitors to meet, best first.</summary>
public sealed class GetVisitorRecommendations : IHttpFunction
{
    public static string Name => nameof(GetVisitorRecommendations);
    public static string Route => "events/{eventId}/visitors/{id}/recommendations";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
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
    public static string Name => nameof(StartEventMatchingRun);
    public static string Route => "events/{eventId}/matching/runs";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];
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
    public static string Name => nameof(GetEventMatchingRun);
    public static string Route => "events/{eventId}/matching/runs/{id}";
    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];
    public static Delegate Handler => MatchingRunsApi.Get;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Matching")
        .WithSummary("A matching run: queued, running, succeeded or failed, with its quality metrics.")
        .RequireAccess(AccessRule.Organiser).Errors(404);
}
