using System.Diagnostics;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// The built worker (ExpoMatch.Functions.dll in the app's build output) run as a process without a host: the
/// settings check runs before the worker connects, so start-up failures show as they would under the host.
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
        var app = Path.Combine(LocalHost.LocalHostProcess.FunctionAppDirectory, "ExpoMatch.Functions.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { app },
            WorkingDirectory = workingDirectory ?? LocalHost.LocalHostProcess.FunctionAppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // A clean slate: nothing inherited may decide mode, environment or settings for the child.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("ExpoMatch", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || key.StartsWith("FUNCTIONS_", StringComparison.Ordinal) || key.StartsWith("AZURE_FUNCTIONS_", StringComparison.Ordinal))
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
