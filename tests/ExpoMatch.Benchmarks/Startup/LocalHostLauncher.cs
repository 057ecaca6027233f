using System.Diagnostics;
using System.Reflection;

namespace ExpoMatch.Benchmarks.Startup;

/// <summary>
/// Starts the local Functions host as a developer does (`dotnet ExpoMatch.LocalHost.dll --app FOLDER --port N`) on the
/// function app's build output, with app settings in its environment (they win over local.settings.json).
/// </summary>
internal static class LocalHostLauncher
{
    public static string DefaultAppDirectory => Metadata("FunctionApp");

    public static Process Start(string appDirectory, int port, IReadOnlyDictionary<string, string> settings, Action<string>? onError = null, Action<string>? onOutput = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Metadata("LocalHostAssembly"), "--app", appDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--LocalHost:StopOnStandardInputClose", "true" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the local host did not start");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onError?.Invoke(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Closes the host's stdin (it stops its worker and itself), killing it if it lingers.</summary>
    public static async Task StopAsync(Process process)
    {
        try
        {
            process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>App settings for a benchmark run: a production-like worker with every trigger but HTTP off.</summary>
    public static Dictionary<string, string> Settings(string storage, string organiserKey) => new()
    {
        ["AzureWebJobsStorage"] = storage,
        ["ExpoMatch__OrganiserKey"] = organiserKey,
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
        ["AzureFunctionsWebHost__hostid"] = "benchmark-" + Guid.NewGuid().ToString("N")[..12],
        ["AzureWebJobs.MatchRequestedMeetings.Disabled"] = "true",
        ["AzureWebJobs.RunEventMatching.Disabled"] = "true",
        ["AzureWebJobs.SendScheduleEmail.Disabled"] = "true",
        ["AzureWebJobs.SendScheduleEmails.Disabled"] = "true",
        ["AzureWebJobs.PurgeExpiredIdempotencyKeys.Disabled"] = "true",
        ["AzureWebJobs.ErasePersonalData.Disabled"] = "true",
        ["AzureWebJobs.DeliverPendingWork.Disabled"] = "true",
        ["AzureWebJobs.ReconcileMeetingRequests.Disabled"] = "true",
    };

    private static string Metadata(string key) => Path.GetFullPath(
        typeof(LocalHostLauncher).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);
}
