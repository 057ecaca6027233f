using ExpoMatch.LocalHost.Hosting;
using ExpoMatch.LocalHost.Worker;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ExpoMatch.LocalHost.Http;

/// <summary>Once the host listens and the worker has indexed its functions: publishes the HTTP routes and lists the functions, as `func start` does.</summary>
public sealed partial class HttpTriggers(
    AppFolder app,
    WorkerSupervisor supervisor,
    HttpTriggerEndpoints endpoints,
    PublicEndpoint publicEndpoint,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<HttpTriggers> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a))
            .First(a => a.Port != publicEndpoint.GrpcPort);
        publicEndpoint.Uri = new Uri($"http://localhost:{address.Port}/");
        LogListening(publicEndpoint.Uri.ToString());

        var functions = await supervisor.Indexed.WaitAsync(stoppingToken);
        endpoints.Publish(functions.Where(f => !app.IsDisabled(f.Name)).ToList(), HostJson.RoutePrefix(app.HostJson));
        LogFunctionsHeader();
        foreach (var (function, route, methods) in endpoints.Routes)
        {
            LogHttpFunction(function.Name, methods.Count == 0 ? "ALL" : string.Join(',', methods), new Uri(publicEndpoint.Uri, route).ToString());
        }

        foreach (var function in functions.Where(f => !string.Equals(f.TriggerType, "httpTrigger", StringComparison.OrdinalIgnoreCase)))
        {
            LogOtherFunction(function.Name, function.TriggerType, app.IsDisabled(function.Name) ? " (disabled)" : string.Empty);
        }

        publicEndpoint.Ready = true;
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Local Functions host listening on {Url}")]
    private partial void LogListening(string url);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Functions:")]
    private partial void LogFunctionsHeader();

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "    {Function}: [{Methods}] {Url}")]
    private partial void LogHttpFunction(string function, string methods, string url);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "    {Function}: {Trigger}{Disabled}")]
    private partial void LogOtherFunction(string function, string trigger, string disabled);
}

/// <summary>The public HTTP address (known once Kestrel listens) and whether the function routes are published.</summary>
public sealed class PublicEndpoint
{
    public int GrpcPort { get; init; }

    public Uri? Uri { get; set; }

    private volatile bool _ready;

    public bool Ready
    {
        get => _ready;
        set => _ready = value;
    }
}
