using ExpoMatch.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Hosting;

/// <summary>GET /api/health: 200 when table and queue storage answer, 503 naming the part that does not.</summary>
public sealed class Health : IHttpFunction
{
    [Function(nameof(Health))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(Health));

    public static Delegate Handler => CheckAsync;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint
        .WithTags("Hosting")
        .WithSummary("Whether the app and its storage answer")
        .Produces<HealthReport>(StatusCodes.Status200OK)
        .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
        .AllowAnonymous();

    private static async Task<JsonHttpResult<HealthReport>> CheckAsync(StorageHealthProbe probe, CancellationToken cancellationToken)
    {
        var storage = await probe.CheckAsync(cancellationToken);
        return storage.IsHealthy
            ? TypedResults.Json(new HealthReport("ok", storage), statusCode: StatusCodes.Status200OK)
            : TypedResults.Json(new HealthReport("unavailable", storage), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthReport(string Status, StorageHealth Storage);
