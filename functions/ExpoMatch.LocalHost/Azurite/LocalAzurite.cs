using System.Diagnostics;
using System.Text.RegularExpressions;

// Compiled into the local Functions host and linked into the function app (which still starts Azurite itself for
// `dotnet run`) and through it into the tests and benchmarks: one copy, in a namespace neither project owns alone.
namespace ExpoMatch.LocalHost.Azurite;

/// <summary>Where and how to start Azurite. Ports 0 let the OS choose (tests); 10000-10002 are the emulator defaults (dev).</summary>
public sealed record LocalAzuriteOptions
{
    public int BlobPort { get; init; }
    public int QueuePort { get; init; }
    public int TablePort { get; init; }

    /// <summary>Data folder; null keeps everything in memory.</summary>
    public string? Location { get; init; }

    /// <summary>The folder holding ExpoMatch.sln and node_modules; null finds it by walking up from the current and base directories.</summary>
    public string? RepositoryRoot { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Runs the pinned Azurite (node_modules/.bin/azurite) for development and tests. It runs under a small shell
/// watchdog that stops Azurite (SIGTERM, a grace period, then SIGKILL) as soon as its stdin closes, which happens both
/// on <see cref="DisposeAsync"/> and when this process dies in any way, so no emulator outlives its owner.
/// </summary>
public sealed partial class LocalAzurite : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known, published development key (not a secret).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Read by /bin/sh -c; $1.. are the azurite command line. Stdin is our pipe: EOF means "stop now".
    private const string WatchdogScript = """
        "$@" </dev/null &
        child=$!
        echo "azurite-watchdog: emulator pid $child"
        cat >/dev/null
        kill -TERM "$child" 2>/dev/null
        i=0
        while kill -0 "$child" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done
        kill -KILL "$child" 2>/dev/null
        wait "$child" 2>/dev/null
        exit 0
        """;

    private readonly Process _process;
    private int _disposed;

    private LocalAzurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public int ProcessId => _process.Id;

    /// <summary>The emulator's own process (the watchdog's child): what fault-injection tests pause and resume.</summary>
    public int EmulatorProcessId { get; private set; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    /// <summary>A connection string with explicit endpoints for the well-known development account.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint={BlobEndpoint};TableEndpoint={TableEndpoint};QueueEndpoint={QueueEndpoint}";

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at https?://[^:\s]+:(\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^azurite-watchdog: emulator pid (\d+)$")]
    private static partial Regex EmulatorPidLine();

    /// <summary>Starts Azurite and returns once the table and queue services answer HTTP.</summary>
    public static async Task<LocalAzurite> StartAsync(LocalAzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options.RepositoryRoot ?? FindRepositoryRoot();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}; run 'npm ci' in {root} (the build does it when node_modules is missing).");
        }

        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[] { "-c", WatchdogScript, "azurite-watchdog", azurite })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in AzuriteArguments(options))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var allListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var emulatorPid = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                allListening.TrySetException(new InvalidOperationException("Azurite exited before listening: " + string.Join(" | ", output)));
                return;
            }

            if (output.Count < 50)
            {
                output.Enqueue(e.Data); // Only for the error message if Azurite fails to start.
            }

            if (EmulatorPidLine().Match(e.Data) is { Success: true } pid)
            {
                emulatorPid = int.Parse(pid.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                lock (ports)
                {
                    ports[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        allListening.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && output.Count < 50)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var instance = (LocalAzurite?)null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StartTimeout);
            await allListening.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            lock (ports)
            {
                instance = new LocalAzurite(process, ports["Blob"], ports["Queue"], ports["Table"]) { EmulatorProcessId = emulatorPid };
            }

            await WaitUntilAnsweringAsync(instance, timeout.Token).ConfigureAwait(false);
            return instance;
        }
        catch
        {
            if (instance is not null)
            {
                await instance.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await StopAsync(process).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Walks up from the current directory and from the app's base directory to the folder holding ExpoMatch.sln.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ExpoMatch.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Could not find the repository root (the folder holding ExpoMatch.sln).");
    }

    /// <summary>Stops Azurite: closes the watchdog's stdin, waits for it, and kills the tree if it hangs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync(_process).ConfigureAwait(false);
        }
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    private static List<string> AzuriteArguments(LocalAzuriteOptions options)
    {
        var arguments = new List<string>
        {
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", options.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", options.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", options.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--silent", "--skipApiVersionCheck", "--disableTelemetry",
        };
        if (options.Location is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(options.Location);
            arguments.Add("--location");
            arguments.Add(options.Location);
        }

        return arguments;
    }

    private static async Task WaitUntilAnsweringAsync(LocalAzurite azurite, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var endpoint in new[] { azurite.TableEndpoint, azurite.QueueEndpoint })
        {
            while (true)
            {
                try
                {
                    // Any HTTP answer (even 400/403 for an unsigned request) means the service is up.
                    using var response = await http.GetAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
