using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Functions.Api;

/// <summary>
/// Builds the OpenAPI document with Microsoft.AspNetCore.OpenApi from the same endpoint table the functions run
/// (<see cref="HttpFunctionEndpoints.MapAll"/>), so it is exact about routes, bodies, required fields and answers.
/// The generator reads endpoints from a WebApplication's routing; the worker's own web application must not route
/// our endpoints (the function routes are the worker's), so the document is made by a separate WebApplication with
/// the same registrations that is never started, once, on the first request.
/// </summary>
public sealed class OpenApiDocumentSource(IConfiguration configuration) : IAsyncDisposable
{
    private const string DocumentRoute = "/openapi/{documentName}.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _generator;
    private RequestDelegate? _document;

    /// <summary>Writes the document (application/json) on <paramref name="http"/>'s response.</summary>
    public async Task WriteAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var document = await GetDocumentDelegateAsync(cancellationToken);
        await using var scope = _generator!.Services.CreateAsyncScope();
        var request = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = cancellationToken };
        request.Request.Method = HttpMethods.Get;
        request.Request.Scheme = http.Request.Scheme;
        request.Request.Host = http.Request.Host;
        request.Request.Path = "/openapi/v1.json";
        request.Request.RouteValues["documentName"] = "v1";
        request.Response.Body = http.Response.Body;
        request.Features.Set(http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>());
        http.Response.ContentType = "application/json; charset=utf-8";
        await document(request);
    }

    public async ValueTask DisposeAsync()
    {
        if (_generator is not null)
        {
            await _generator.DisposeAsync();
        }

        _gate.Dispose();
    }

    private async Task<RequestDelegate> GetDocumentDelegateAsync(CancellationToken cancellationToken)
    {
        if (_document is not null)
        {
            return _document;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_document is null)
            {
                var builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders(); // the worker's own logging reports the function; this app never serves
                builder.Configuration.AddConfiguration(configuration);
                builder.Services.AddExpoMatch(builder.Configuration);
                builder.Services.AddOpenApi();
                _generator = builder.Build();
                HttpFunctionEndpoints.MapAll(_generator);
                _generator.MapOpenApi(DocumentRoute);
                // UseEndpoints hands the mapped endpoints to routing's data source, which the generator reads; it only
                // adds middleware to a pipeline that never runs.
                _generator.UseRouting();
                _generator.UseEndpoints(_ => { });
                _document = ((IEndpointRouteBuilder)_generator).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
                    .Single(e => e.RoutePattern.RawText == DocumentRoute).RequestDelegate!;
            }

            return _document;
        }
        finally
        {
            _gate.Release();
        }
    }
}
