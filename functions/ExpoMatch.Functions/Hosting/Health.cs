using ExpoMatch.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Hosting;

/// <summary>GET /api/health: 200 when table and queue storage answer, 503 naming the part that does not.</summary>
public sealed class Health : IHttpFunction
{
    public static string Name => "Health";

    public static string Route => "health";

    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

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
