using ExpoMatch.Functions.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The app's one exception-to-problem map. An HTTP function that throws because Azure Storage is unreachable or
/// failing (<see cref="StorageUnavailable"/>) answers 503 with Retry-After and a problem body: the caller should retry
/// later, and the invocation has been handled. Any other exception answers the RFC 9457 500 problem and the invocation
/// still fails (rethrown) so the host logs and counts it. Queue and timer failures fail the invocation, so the host
/// retries or poisons the message; a storage outage is logged as one warning line and rethrown without its stack of
/// SDK retries, since nothing is wrong with the code.
/// </summary>
internal sealed partial class ProblemOnException(ILogger<ProblemOnException> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        // HTTP functions get a deadline: the handlers' CancellationToken is RequestAborted, so storage calls stop
        // waiting after HttpDeadline and the caller gets 503 instead of a hung request. clientGone is the client's own.
        var httpContext = context.GetHttpContext();
        var clientGone = httpContext?.RequestAborted ?? CancellationToken.None;
        using var deadline = httpContext is null ? null : CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        if (httpContext is not null)
        {
            deadline!.CancelAfter(StorageUnavailable.HttpDeadline);
            httpContext.RequestAborted = deadline.Token;
        }

        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            http.Response.Clear();
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (StorageUnavailable.Is(exception, clientGone))
            {
                StorageOutage(logger, context.FunctionDefinition.Name, StorageUnavailable.Describe(exception));
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = StorageUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                        Title = "Service unavailable.",
                        Detail = "Storage is not answering at the moment; nothing was lost. Retry after the number of seconds in Retry-After.",
                    },
                });
                return;
            }

            FunctionFailed(logger, context.FunctionDefinition.Name, exception);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception });
            throw;
        }
        catch (Exception exception) when (context.GetHttpContext() is null && StorageUnavailable.Is(exception, context.CancellationToken))
        {
            StorageOutage(logger, context.FunctionDefinition.Name, StorageUnavailable.Describe(exception));
            throw new StorageUnavailableException(StorageUnavailable.Describe(exception));
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private static partial void FunctionFailed(ILogger logger, string functionName, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Function {FunctionName}: storage unavailable ({Reason}); the caller or the queue retries")]
    private static partial void StorageOutage(ILogger logger, string functionName, string reason);
}

/// <summary>A queue or timer invocation that failed because storage was down: the host retries it later.</summary>
public sealed class StorageUnavailableException(string reason)
    : Exception($"Storage unavailable: {reason}. The message is delivered again once storage answers.");
