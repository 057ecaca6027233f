using System.Net.Sockets;
using ExpoMatch.Functions.Storage;
using ExpoMatch.LocalHost.Azurite;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// For `dotnet run` in Development: when storage is <c>UseDevelopmentStorage=true</c>, <c>LocalAzurite:AutoStart</c> is
/// true (set by launchSettings.json, never by tests) and nothing listens on 127.0.0.1:10000-10002, starts the pinned
/// Azurite on those ports (data in ./.azurite, or in memory with <c>LocalAzurite:InMemory=true</c>) and stops it on shutdown.
/// </summary>
public sealed partial class LocalAzuriteHostedService(
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<LocalAzuriteHostedService> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private static readonly int[] DefaultPorts = [10000, 10001, 10002];
    private LocalAzurite? _azurite;

    // Starting (before any hosted service's StartAsync) so listeners and timers find storage up.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue("LocalAzurite:AutoStart", false))
        {
            return;
        }

        if (!StorageSettings.Read(configuration).IsDevelopmentStorage)
        {
            LogNotDevelopmentStorage();
            return;
        }

        var listening = new List<int>();
        foreach (var port in DefaultPorts)
        {
            if (await IsListeningAsync(port, cancellationToken))
            {
                listening.Add(port);
            }
        }

        if (listening.Count > 0)
        {
            LogAlreadyRunning(string.Join(',', listening));
            return;
        }

        var root = LocalAzurite.FindRepositoryRoot();
        var inMemory = configuration.GetValue("LocalAzurite:InMemory", false);
        _azurite = await LocalAzurite.StartAsync(
            new LocalAzuriteOptions
            {
                BlobPort = DefaultPorts[0],
                QueuePort = DefaultPorts[1],
                TablePort = DefaultPorts[2],
                Location = inMemory ? null : Path.Combine(root, ".azurite"),
                RepositoryRoot = root,
            },
            cancellationToken);
        LogStarted(_azurite.ProcessId, inMemory ? "memory" : ".azurite");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Stopped last, after every other hosted service has finished with storage.
    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var azurite = Interlocked.Exchange(ref _azurite, null);
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
            LogStopped();
        }
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Started Azurite (pid {ProcessId}, data in {Location}) on 127.0.0.1:10000-10002")]
    private partial void LogStarted(int processId, string location);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Something already listens on 127.0.0.1 port(s) {Ports}; not starting Azurite")]
    private partial void LogAlreadyRunning(string ports);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Stopped Azurite")]
    private partial void LogStopped();

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "LocalAzurite:AutoStart is set but AzureWebJobsStorage is not UseDevelopmentStorage=true; not starting Azurite")]
    private partial void LogNotDevelopmentStorage();
}
