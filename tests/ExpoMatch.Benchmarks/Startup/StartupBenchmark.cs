using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.LocalHost.Azurite;

namespace ExpoMatch.Benchmarks.Startup;

/// <summary>
/// `startup [--runs N] [--app PATH] [--custom-handler]`: starts the built app as a new process and times process
/// start to the first 200 from /api/health, N times (default 5), and prints the median. PATH is the app's dll
/// (run with dotnet) or a published apphost; by default the ExpoMatch.Functions.dll built next to this program.
/// The app checks its storage at start and /api/health asks it, so a private in-memory Azurite runs for the whole
/// benchmark (started before the clock, as Azure Storage would already be there).
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var app = Path.GetFullPath(Option(args, "--app") ?? Path.Combine(AppContext.BaseDirectory, "ExpoMatch.Functions.dll"));
        var customHandler = args.Contains("--custom-handler");
        if (!File.Exists(app))
        {
            Console.Error.WriteLine($"startup: {app} not found (build or publish the app first).");
            return 2;
        }

        await using var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
        var timings = new List<double>();
        var cpu = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var (wall, processor) = await TimeOneStartAsync(app, customHandler, azurite.ConnectionString);
            timings.Add(wall);
            cpu.Add(processor);
        }

        timings.Sort();
        cpu.Sort();
        Console.WriteLine($"startup ({(customHandler ? "custom-handler" : "standalone")} mode, {Path.GetFileName(app)}): process start -> first 200 from /api/health");
        // CPU time of the app up to its first 200 shows the app's own cost when the machine is busy.
        Console.WriteLine("| runs | median ms | min ms | max ms | median app CPU ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {runs} | {timings[timings.Count / 2]:F0} | {timings[0]:F0} | {timings[^1]:F0} | {cpu[cpu.Count / 2]:F0} |"));
        return 0;
    }

    private static async Task<(double WallMs, double CpuMs)> TimeOneStartAsync(string app, bool customHandler, string storage)
    {
        var port = FreeLoopbackPort();
        var isDll = app.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isDll ? "dotnet" : app)
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (isDll)
        {
            start.ArgumentList.Add(app);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ExpoMatch__OrganiserKey"] = "startup-benchmark-organiser-key-" + Guid.NewGuid().ToString("N");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["AzureWebJobsStorage"] = storage;
        if (customHandler)
        {
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        }

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the app did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < Timeout)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the app exited with {process.ExitCode} before answering");
                }

                try
                {
                    using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var wall = clock.Elapsed.TotalMilliseconds;
                        process.Refresh();
                        return (wall, process.TotalProcessorTime.TotalMilliseconds);
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
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
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
