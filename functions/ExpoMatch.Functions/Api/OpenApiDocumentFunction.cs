using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Api;

/// <summary>GET /api/openapi/v1.json: the OpenAPI document of every HTTP function, generated from the endpoint table.</summary>
public sealed class GetOpenApiDocument : IHttpFunction
{
    [Function(nameof(GetOpenApiDocument))]
    public static Task Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        HttpFunctionEndpoints.InvokeAsync(request, nameof(GetOpenApiDocument));

    public static Delegate Handler => (HttpContext http, OpenApiDocumentSource document, CancellationToken cancellationToken) =>
        document.WriteAsync(http, cancellationToken);

    public static void Configure(RouteHandlerBuilder endpoint) => endpoint.ExcludeFromDescription();
}
