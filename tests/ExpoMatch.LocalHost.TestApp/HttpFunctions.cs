using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.LocalHost.TestApp;

/// <summary>HTTP functions (ASP.NET Core integration) the host forwards to.</summary>
public sealed class HttpFunctions
{
    [Function("Health")]
    public static IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "ok" });

    /// <summary>Echoes the route values (also bound from trigger metadata), query, body and method; `?status=` picks the status.</summary>
    [Function("Echo")]
    public static async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{name}/{id:int}")] HttpRequest request,
        string name,
        int id)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers["X-Echo-Name"] = name;
        var status = int.TryParse(request.Query["status"], out var s) ? s : StatusCodes.Status200OK;
        return new ObjectResult(new
        {
            name,
            id,
            routeName = request.RouteValues["name"]?.ToString(),
            query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            body,
            method = request.Method,
            header = request.Headers["X-Test"].ToString(),
        })
        { StatusCode = status };
    }

    [Function("Throw")]
    public static IActionResult Throw([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "throw")] HttpRequest request) =>
        throw new InvalidOperationException("Thrown on purpose by the test app.");
}
