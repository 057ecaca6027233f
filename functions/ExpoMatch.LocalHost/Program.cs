using System.Net;
using System.Net.Sockets;
using ExpoMatch.LocalHost.Azurite;
using ExpoMatch.LocalHost.Hosting;
using ExpoMatch.LocalHost.Http;
using ExpoMatch.LocalHost.Queues;
using ExpoMatch.LocalHost.Timers;
using ExpoMatch.LocalHost.Worker;
using Microsoft.AspNetCore.Server.Kestrel.Core;

var (options, rest) = CommandLine.Parse(args);
AppFolder app;
try
{
    app = AppFolder.Load(options.AppDirectory);
}
catch (Exception e) when (e is InvalidOperationException or IOException or System.Text.Json.JsonException)
{
    await Console.Error.WriteLineAsync("ExpoMatch.LocalHost cannot start: " + e.Message);
    return 1;
}

var grpcPort = FreeLoopbackPort();

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "[yyyy-MM-ddTHH:mm:ss.fffZ] ";
});
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("Grpc", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // The worker connects back over plain HTTP/2 (h2c), so that endpoint speaks HTTP/2 only.
    kestrel.Listen(IPAddress.Loopback, grpcPort, o => o.Protocols = HttpProtocols.Http2);
    if (options.Port == 0)
    {
        kestrel.Listen(IPAddress.Loopback, 0);
    }
    else
    {
        kestrel.ListenLocalhost(options.Port);
    }
});
builder.Services.AddGrpc(o =>
{
    o.MaxReceiveMessageSize = null;
    o.MaxSendMessageSize = null;
});
builder.Services.AddRouting();
builder.Services.AddSingleton(app);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(new GrpcEndpoint { Uri = new Uri($"http://127.0.0.1:{grpcPort}/") });
builder.Services.AddSingleton(new PublicEndpoint { GrpcPort = grpcPort });
builder.Services.AddSingleton<WorkerStreams>();
builder.Services.AddSingleton<FunctionInvoker>();
builder.Services.AddSingleton<HttpForwarder>();
builder.Services.AddSingleton<HttpTriggerEndpoints>();
builder.Services.AddSingleton<DevelopmentStorage>();
builder.Services.AddHostedService(s => s.GetRequiredService<DevelopmentStorage>());
builder.Services.AddSingleton<WorkerSupervisor>();
builder.Services.AddHostedService(s => s.GetRequiredService<WorkerSupervisor>());
builder.Services.AddHostedService<HttpTriggers>();
builder.Services.AddHostedService<QueueTriggers>();
builder.Services.AddHostedService<TimerTriggers>();

var web = builder.Build();
web.UseRouting();
web.Use(async (context, next) =>
{
    if (context.GetEndpoint() is not null)
    {
        await next(context);
    }
    else if (!web.Services.GetRequiredService<PublicEndpoint>().Ready)
    {
        await HttpForwarder.WriteUnavailableAsync(context, "The host is starting: the worker has not indexed its functions yet.");
    }
    else
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound; // no function has this route, as the real host answers
    }
});
web.MapGrpcService<FunctionRpcService>();
((IEndpointRouteBuilder)web).DataSources.Add(web.Services.GetRequiredService<HttpTriggerEndpoints>());

if (options.StopOnStandardInputClose)
{
    var lifetime = web.Services.GetRequiredService<IHostApplicationLifetime>();
    _ = Task.Run(async () =>
    {
        await Console.In.ReadToEndAsync();
        lifetime.StopApplication();
    });
}

await web.RunAsync();
return 0;

// The gRPC port is chosen before the worker starts so its --functions-uri is known; Kestrel binds it right after.
static int FreeLoopbackPort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}
