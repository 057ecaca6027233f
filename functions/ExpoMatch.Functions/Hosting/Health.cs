using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Hosting;

/// <summary>GET /api/health: whether the app is up (and, once storage is wired, whether storage answers).</summary>
public sealed class Health : IHttpFunction
{
    public static string Name => "Health";

    public static string Route => "health";

    public static IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public static Delegate Handler => Check;

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint.WithTags("Hosting").AllowAnonymous();

    private static Ok<HealthReport> Check() => TypedResults.Ok(new HealthReport("ok"));
}

public sealed record HealthReport(string Status);
