using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ExpoMatch.Tests.LocalHost;

/// <summary>
/// The local Functions host run as a developer runs it (`dotnet ExpoMatch.LocalHost.dll --app ... --port 0`) on the
/// test app's build output, with the test's app settings in its environment (the environment wins over
/// local.settings.json). Disposing closes its stdin, which stops it and its worker; the test run dying does the same.
/// </summary>
public sealed partial class LocalHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private LocalHostProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public string Output => string.Join('\n', _output);

    public static string TestAppDirectory => Path.GetFullPath(Metadata("LocalHostTestApp"));

    /// <summary>The ExpoMatch function app's build output.</summary>
    public static string FunctionAppDirectory => Path.GetFullPath(Metadata("FunctionApp"));

    /// <summary>Starts a host on the test app and returns once its HTTP functions answer (GET /api/health is 200).</summary>
    public static Task<LocalHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, params string[] hostArguments) =>
        StartAsync(TestAppDirectory, settings, hostArguments);

    /// <summary>Starts a host on <paramref name="appDirectory"/> and returns once GET /api/health answers 200.</summary>
    public static async Task<LocalHostProcess> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> settings, params string[] hostArguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = appDirectory,
        };
        foreach (var argument in new[] { Path.GetFullPath(Metadata("LocalHostAssembly")), "--app", appDirectory, "--port", "0", "--LocalHost:StopOnStandardInputClose", "true" }.Concat(hostArguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var host = new LocalHostProcess(Process.Start(start)!);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                listening.TrySetException(new InvalidOperationException("The host exited:\n" + host.Output));
                return;
            }

            host._output.Enqueue(line);
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        host._process.OutputDataReceived += (_, e) => OnLine(e.Data);
        host._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { host._output.Enqueue(e.Data); } };
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            host.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await host.WaitForHealthAsync(TimeSpan.FromSeconds(60));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task WaitForHealthAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException("The host's worker did not answer /api/health:\n" + Output);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the host has logged a line containing <paramref name="text"/> (logs can trail the HTTP answer).</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string Metadata(string key) =>
        typeof(LocalHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [GeneratedRegex(@"Local Functions host listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
