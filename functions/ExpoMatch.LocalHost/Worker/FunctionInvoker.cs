using System.Diagnostics;
using ExpoMatch.LocalHost.Worker.Protocol;

namespace ExpoMatch.LocalHost.Worker;

/// <summary>Sends an InvocationRequest to a worker and logs it the way `func start` does (Executing / Executed).</summary>
public sealed partial class FunctionInvoker(ILogger<FunctionInvoker> logger)
{
    public async Task<InvocationOutcome> InvokeAsync(ReadyWorker worker, FunctionDescriptor function, InvocationRequest request, string reason, CancellationToken cancellationToken)
    {
        request.FunctionId = function.FunctionId;
        if (request.InvocationId.Length == 0)
        {
            request.InvocationId = Guid.NewGuid().ToString();
        }

        // The worker reads trace_context unconditionally (a missing one fails every invocation): a fresh W3C trace per
        // invocation, as the host starts one for each trigger.
        request.TraceContext ??= new RpcTraceContext
        {
            TraceParent = $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01",
        };
        LogExecuting(function.Name, reason, request.InvocationId);
        var watch = Stopwatch.StartNew();
        InvocationOutcome outcome;
        try
        {
            var response = (await worker.Connection.RequestAsync(new StreamingMessage { InvocationRequest = request }, cancellationToken)).InvocationResponse;
            outcome = response.Result?.Status == StatusResult.Types.Status.Success
                ? InvocationOutcome.Succeeded
                : new InvocationOutcome(false, response.Result?.Exception?.Message ?? response.Result?.Result ?? "failed");
        }
        catch (WorkerLostException e)
        {
            outcome = new InvocationOutcome(false, e.Message);
        }

        if (outcome.Success)
        {
            LogSucceeded(function.Name, request.InvocationId, watch.ElapsedMilliseconds);
        }
        else
        {
            LogFailed(function.Name, request.InvocationId, watch.ElapsedMilliseconds, outcome.Error ?? string.Empty);
        }

        return outcome;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Executing 'Functions.{Function}' (Reason='{Reason}', Id={InvocationId})")]
    private partial void LogExecuting(string function, string reason, string invocationId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Executed 'Functions.{Function}' (Succeeded, Id={InvocationId}, Duration={Milliseconds}ms)")]
    private partial void LogSucceeded(string function, string invocationId, long milliseconds);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Executed 'Functions.{Function}' (Failed, Id={InvocationId}, Duration={Milliseconds}ms): {Error}")]
    private partial void LogFailed(string function, string invocationId, long milliseconds, string error);
}

/// <summary>How an invocation ended.</summary>
public sealed record InvocationOutcome(bool Success, string? Error)
{
    public static InvocationOutcome Succeeded { get; } = new(true, null);
}
