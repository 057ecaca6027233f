using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ExpoMatch.LocalHost.TestApp;

/// <summary>
/// The app's one exception-to-problem map, as worker middleware: an HTTP function that throws answers an RFC 9457
/// 500 problem written on the forwarded request, and the invocation still fails (rethrown) so the host sees it.
/// </summary>
internal sealed class ProblemOnException : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await http.Response.WriteAsJsonAsync(
                new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "The function failed.",
                    Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
                },
                options: null,
                contentType: "application/problem+json");
            throw;
        }
    }
}
