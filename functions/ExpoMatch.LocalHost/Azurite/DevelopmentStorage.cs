using System.Net.Sockets;
using ExpoMatch.LocalHost.Hosting;

namespace ExpoMatch.LocalHost.Azurite;

/// <summary>
/// Like `func start` with the Azurite extension: when AzureWebJobsStorage is UseDevelopmentStorage=true and nothing
/// answers on 127.0.0.1:10000-10002, starts the repository's pinned Azurite there (data in ./.azurite at the
/// repository root) and stops it when the host stops; an emulator someone else runs is left alone.
/// </summary>
public sealed partial class DevelopmentStorage(AppFolder app, ILogger<DevelopmentStorage> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private static readonly int[] Ports = [10000, 10001, 10002];
    private LocalAzurite? _azurite;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!app.Settings.TryGetValue(StorageSettings.DefaultConnection, out var storage) || !StorageSettings.IsDevelopmentStorage(storage))
        {
            return;
        }

        foreach (var port in Ports)
        {
            if (await IsListeningAsync(port, cancellationToken))
            {
                LogAlreadyRunning(port);
                return;
            }
        }

        var root = LocalAzurite.FindRepositoryRoot();
        _azurite = await LocalAzurite.StartAsync(
            new LocalAzuriteOptions { BlobPort = Ports[0], QueuePort = Ports[1], TablePort = Ports[2], Location = Path.Combine(root, ".azurite"), RepositoryRoot = root },
            cancellationToken);
        LogStarted(_azurite.ProcessId);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Last, after the worker and the triggers have finished with storage.
    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _azurite, null) is { } azurite)
        {
            await azurite.DisposeAsync();
        }
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Started Azurite (pid {Pid}) on 10000-10002 with data in .azurite; it stops with the host")]
    private partial void LogStarted(int pid);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Something already listens on port {Port}: using that Azurite")]
    private partial void LogAlreadyRunning(int port);
}
