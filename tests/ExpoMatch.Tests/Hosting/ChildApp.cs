using System.Diagnostics;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// The built app (ExpoMatch.Functions.dll next to the tests) run as a separate process, as Azure or a developer
/// starts it: for start-up behaviour that WebApplicationFactory cannot show (stderr, exit code, the real socket).
/// </summary>
internal sealed class ChildApp : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ChildApp(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static ChildApp Start(IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "ExpoMatch.Functions.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { app },
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // A clean slate: nothing inherited may decide mode, environment or settings for the child.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("ExpoMatch", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || key.StartsWith("FUNCTIONS_", StringComparison.Ordinal))
            {
                start.Environment.Remove(key);
            }
        }

        // Never the fixed 7071: other test runs share the machine.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ChildApp(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Waits for the process to end by itself and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
