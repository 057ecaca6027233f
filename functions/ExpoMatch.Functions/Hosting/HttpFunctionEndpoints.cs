using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The HTTP functions as ASP.NET Core minimal-API endpoints: for each [Function] with an [HttpTrigger], the
/// function class's handler is mapped on the trigger's route and methods with its metadata and endpoint filters, and
/// RequestDelegateFactory builds its request delegate once. A function invocation runs that delegate on the request
/// the worker received (its route values come from the worker's own routing), so parameter binding, filters,
/// TypedResults and ProblemDetails behave exactly as in an ASP.NET Core app. The same mapping feeds the OpenAPI
/// document (<see cref="OpenApiDocumentFunction"/>).
/// </summary>
public sealed class HttpFunctionEndpoints : IEndpointRouteBuilder
{
    private static readonly MethodInfo MapOneMethod =
        typeof(HttpFunctionEndpoints).GetMethod(nameof(MapOne), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Lazy<IReadOnlyDictionary<string, RouteEndpoint>> _endpoints;

    public HttpFunctionEndpoints(IServiceProvider services)
    {
        ServiceProvider = services;
        _endpoints = new(BuildEndpoints);
    }

    public IServiceProvider ServiceProvider { get; }

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    /// <summary>Every HTTP function's endpoint by function name.</summary>
    public IReadOnlyDictionary<string, RouteEndpoint> Endpoints => _endpoints.Value;

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);

    /// <summary>Maps every HTTP function on <paramref name="routes"/> (this table, or a WebApplication for OpenAPI).</summary>
    public static void MapAll(IEndpointRouteBuilder routes)
    {
        foreach (var (function, trigger) in FunctionTable.Http)
        {
            var pattern = "/" + FunctionTable.HttpRoutePrefix + "/" + (trigger.Route ?? function.Name).Trim('/');
            var methods = (trigger.Methods ?? ["GET", "POST"]).Select(m => m.ToUpperInvariant()).ToArray();
            MapOneMethod.MakeGenericMethod(function.FunctionType).Invoke(null, [routes, function.Name, pattern, methods]);
        }
    }

    /// <summary>Runs the HTTP function <paramref name="functionName"/> on the request the worker received.</summary>
    public static async Task InvokeAsync(HttpRequest request, string functionName)
    {
        var http = request.HttpContext;
        var table = http.RequestServices.GetRequiredService<HttpFunctionEndpoints>();
        var endpoint = table.Endpoints[functionName];
        http.SetEndpoint(endpoint);
        await endpoint.RequestDelegate!(http);

        // Binding failures (a malformed route or query value) answer a bare 400; give every error its problem body.
        if (http.Response is { StatusCode: >= 400, HasStarted: false, ContentLength: null or 0 })
        {
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .TryWriteAsync(new ProblemDetailsContext { HttpContext = http });
        }
    }

    private static void MapOne<TFunction>(IEndpointRouteBuilder routes, string name, string pattern, string[] methods)
        where TFunction : IHttpFunction
    {
        var endpoint = routes.MapMethods(pattern, methods, TFunction.Handler).WithName(name);
        TFunction.Configure(endpoint);
        // Any endpoint that touches storage answers 503 (Retry-After) while storage is down (ProblemOnException);
        // health documents its own 503 body.
        if (typeof(TFunction) != typeof(Health))
        {
            endpoint.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private Dictionary<string, RouteEndpoint> BuildEndpoints()
    {
        MapAll(this);
        return DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .ToDictionary(e => e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName, StringComparer.Ordinal);
    }
}
