using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The endpoints the Azure Functions host calls in custom-handler mode: GET / (start-up probe) and
/// POST /{FunctionName} for each queue and timer function. 2xx completes the invocation; any other status fails
/// it, so the host retries the message and finally moves it to the poison queue.
/// </summary>
internal static class CustomHandlerApi
{
    public static void MapCustomHandlerEndpoints(this IEndpointRouteBuilder routes, FunctionRegistry registry)
    {
        routes.MapGet("/", () => TypedResults.Ok()).ExcludeFromDescription();

        foreach (var function in registry.QueueFunctions)
        {
            routes.MapPost("/" + function.Name, (HttpContext context, ILoggerFactory logs, CancellationToken ct) =>
                    InvokeAsync(context, logs, function.Name, root =>
                    {
                        var ok = CustomHandlerPayload.TryReadQueue(root, function.QueueName, out var message, out var error);
                        return (ok ? services => function.InvokeAsync(services, message, ct) : null, error);
                    }, ct))
                .ExcludeFromDescription();
        }

        foreach (var function in registry.TimerFunctions)
        {
            routes.MapPost("/" + function.Name, (HttpContext context, ILoggerFactory logs, CancellationToken ct) =>
                    InvokeAsync(context, logs, function.Name, root =>
                    {
                        var ok = CustomHandlerPayload.TryReadTimer(root, out var timer, out var error);
                        return (ok ? services => function.InvokeAsync(services, timer, ct) : null, error);
                    }, ct))
                .ExcludeFromDescription();
        }
    }

    private static async Task<IResult> InvokeAsync(
        HttpContext context,
        ILoggerFactory logs,
        string functionName,
        Func<JsonElement, (Func<IServiceProvider, Task>? Run, string Error)> read,
        CancellationToken cancellationToken)
    {
        var logger = logs.CreateLogger(typeof(CustomHandlerApi).FullName!);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            HostingLog.InvalidInvocationPayload(logger, functionName, "the body is not JSON");
            return TypedResults.Problem("The invocation body is not JSON.", statusCode: StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            var (run, error) = read(document.RootElement);
            if (run is null)
            {
                HostingLog.InvalidInvocationPayload(logger, functionName, error);
                return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                await run(context.RequestServices);
                return TypedResults.Json(InvocationResult.Empty([]), HostingJsonContext.Default.InvocationResult);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The exception type only: messages may carry personal data, and the host copies Logs into its own.
                HostingLog.FunctionFailed(logger, functionName, exception);
                return TypedResults.Json(
                    InvocationResult.Empty([$"{functionName} failed: {exception.GetType().Name}"]),
                    HostingJsonContext.Default.InvocationResult,
                    statusCode: StatusCodes.Status500InternalServerError);
            }
        }
    }
}

/// <summary>The custom-handler answer: {"Outputs":{},"Logs":[],"ReturnValue":null}. We use no output bindings.</summary>
internal sealed record InvocationResult(Dictionary<string, string> Outputs, List<string> Logs, string? ReturnValue)
{
    public static InvocationResult Empty(List<string> logs) => new([], logs, null);
}

[JsonSerializable(typeof(InvocationResult))]
internal sealed partial class HostingJsonContext : JsonSerializerContext;
