namespace ExpoMatch.Functions.Hosting;

/// <summary>GET /api/health: whether the app is up (and, once storage is wired, whether storage answers).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/health", () => TypedResults.Ok(new HealthReport("ok")))
            .WithName("Health")
            .WithTags("Hosting")
            .AllowAnonymous();
        return routes;
    }
}

public sealed record HealthReport(string Status);
