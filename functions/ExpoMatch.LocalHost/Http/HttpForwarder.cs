using ExpoMatch.LocalHost.Worker;
using ExpoMatch.LocalHost.Worker.Protocol;
using Microsoft.AspNetCore.Http.Extensions;

namespace ExpoMatch.LocalHost.Http;

/// <summary>
/// Runs an HTTP function the way the real host does with ASP.NET Core integration: an InvocationRequest (empty RpcHttp
/// input, route values in trigger metadata) and the original request forwarded to the worker's HttpUri with
/// x-ms-invocation-id; the worker pairs the two, and whatever it writes (also for a failed function) is the answer.
/// </summary>
public sealed partial class HttpForwarder(WorkerSupervisor supervisor, FunctionInvoker invoker, ILogger<HttpForwarder> logger) : IDisposable
{
    private const string InvocationIdHeader = "x-ms-invocation-id";
    private const string Reason = "This function was programmatically called via the host APIs.";

    // Hop-by-hop headers (RFC 9110 7.6.1) are the connection's, not the message's.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    public async Task ForwardAsync(HttpContext context, FunctionDescriptor function)
    {
        if (supervisor.Current is not { HttpUri: { } httpUri } worker)
        {
            await WriteUnavailableAsync(context, "The function worker is not running; it is being restarted.");
            return;
        }

        var invocationId = Guid.NewGuid().ToString();
        var request = new InvocationRequest { InvocationId = invocationId };
        request.InputData.Add(new ParameterBinding
        {
            Name = function.TriggerName,
            Data = new TypedData { Http = new RpcHttp { Method = context.Request.Method, Url = context.Request.GetEncodedUrl() } },
        });
        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (value is not null)
            {
                request.TriggerMetadata[key] = TypedDataValues.Text(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
            }
        }

        // Not awaited: the answer is what the worker writes on the forwarded request; the invoker logs the outcome
        // when the InvocationResponse arrives (a worker that never sends one is covered by its exit or our shutdown).
        _ = invoker.InvokeAsync(worker, function, request, Reason, CancellationToken.None);
        try
        {
            using var outgoing = CreateOutgoing(context, httpUri, invocationId);
            using var response = await _client.SendAsync(outgoing, context.RequestAborted);
            await CopyResponseAsync(context, response);
        }
        catch (HttpRequestException e) when (!context.Response.HasStarted)
        {
            LogForwardFailed(function.Name, invocationId, e.Message);
            await WriteUnavailableAsync(context, "The function worker did not answer.");
        }
    }

    private static HttpRequestMessage CreateOutgoing(HttpContext context, Uri httpUri, string invocationId)
    {
        var source = context.Request;
        var outgoing = new HttpRequestMessage(new HttpMethod(source.Method), new Uri(httpUri, source.PathBase + source.Path + source.QueryString))
        {
            Version = System.Net.HttpVersion.Version11,
        };
        if (source.ContentLength > 0 || source.Headers.TransferEncoding.Count > 0)
        {
            outgoing.Content = new StreamContent(source.Body);
        }

        foreach (var (name, values) in source.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The worker honours forwarded headers, so the function sees the client's scheme, host and address.
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-Host", source.Host.Value);
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-Proto", source.Scheme);
        if (context.Connection.RemoteIpAddress is { } remote)
        {
            outgoing.Headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
        }

        outgoing.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        return outgoing;
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    internal static Task WriteUnavailableAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return context.Response.WriteAsJsonAsync(
            new { type = "https://tools.ietf.org/html/rfc9110#section-15.6.4", title = "Service Unavailable", status = 503, detail },
            options: null,
            contentType: "application/problem+json");
    }

    public void Dispose() => _client.Dispose();

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Forwarding 'Functions.{Function}' (Id={InvocationId}) to the worker failed: {Reason}")]
    private partial void LogForwardFailed(string function, string invocationId, string reason);
}
