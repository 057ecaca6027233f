using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExpoMatch.LocalHost.Azurite;

namespace ExpoMatch.Benchmarks.Startup;

/// <summary>
/// `startup [--runs N] [--app FOLDER]`: starts the local Functions host on the function app's build output (FOLDER,
/// by default ExpoMatch.Functions' Debug or Release output matching this program) and times host process start to
/// the first 200 from /api/health through it: host start, worker launch, init/index/load over gRPC, the worker's
/// Kestrel, one forwarded request. N times (default 5); prints the median. A private in-memory Azurite runs for the
/// whole benchmark (started before the clock, as Azure Storage would already be there).
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var app = Path.GetFullPath(Option(args, "--app") ?? LocalHostLauncher.DefaultAppDirectory);
        if (!File.Exists(Path.Combine(app, "worker.config.json")))
        {
            Console.Error.WriteLine($"startup: {app} holds no worker.config.json (build the app first).");
            return 2;
        }

        await using var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
        var timings = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            timings.Add(await TimeOneStartAsync(app, azurite.ConnectionString));
        }

        timings.Sort();
        Console.WriteLine($"startup (local Functions host + isolated worker, {app}): host process start -> first 200 from /api/health through the host");
        Console.WriteLine("| runs | median ms | min ms | max ms |");
        Console.WriteLine("|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {runs} | {timings[timings.Count / 2]:F0} | {timings[0]:F0} | {timings[^1]:F0} |"));
        return 0;
    }

    private static async Task<double> TimeOneStartAsync(string app, string storage)
    {
        var port = FreeLoopbackPort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var settings = LocalHostLauncher.Settings(storage, "startup-benchmark-organiser-key-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        using var process = LocalHostLauncher.Start(app, port, settings);
        try
        {
            while (clock.Elapsed < Timeout)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the host exited with {process.ExitCode} before answering");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return clock.Elapsed.TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(2);
            }

            throw new TimeoutException("no 200 from /api/health within 60 s");
        }
        finally
        {
            await LocalHostLauncher.StopAsync(process);
        }
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
