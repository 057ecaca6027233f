using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The app's one exception-to-problem map: an HTTP function that throws answers the RFC 9457 500 problem on the
/// request the worker received, and the invocation still fails (rethrown) so the host logs and counts it. Queue and
/// timer failures are rethrown untouched: the host retries or poisons the message.
/// </summary>
internal sealed partial class ProblemOnException(ILogger<ProblemOnException> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            FunctionFailed(logger, context.FunctionDefinition.Name, exception);
            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception });
            throw;
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private static partial void FunctionFailed(ILogger logger, string functionName, Exception exception);
}
