using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using ExpoMatch.LocalHost.Hosting;
using ExpoMatch.LocalHost.Worker;
using NCrontab;

namespace ExpoMatch.LocalHost.Timers;

/// <summary>Starts a <see cref="TimerTriggerListener"/> for every timer-triggered function once the worker has indexed them.</summary>
public sealed class TimerTriggers(
    AppFolder app,
    LocalHostOptions options,
    WorkerSupervisor supervisor,
    FunctionInvoker invoker,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>
    /// The host id that scopes locks and status blobs: `AzureFunctionsWebHost__hostid` when set, otherwise derived from
    /// the machine and the app folder, so hosts running one app on one machine share their timers.
    /// </summary>
    public static string HostId(AppFolder app)
    {
        if (app.Settings.TryGetValue("AzureFunctionsWebHost__hostid", out var configured) && configured.Length > 0)
        {
            return configured.ToLowerInvariant();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(app.Directory)))[..8];
        var machine = new string(Environment.MachineName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(23).ToArray());
        return $"{machine}-{hash}";
    }

    /// <summary>Six-field NCRONTAB (seconds first), with `%Setting%` resolved; five fields are taken as minutes-first.</summary>
    public static CrontabSchedule ParseSchedule(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = await supervisor.Indexed.WaitAsync(stoppingToken);
        var hostId = HostId(app);
        var listeners = new List<Task>();
        foreach (var function in functions.Where(f => string.Equals(f.TriggerType, "timerTrigger", StringComparison.OrdinalIgnoreCase) && !app.IsDisabled(f.Name)))
        {
            var schedule = ParseSchedule(app.Resolve(function.TriggerString("schedule") ?? throw new InvalidOperationException($"'{function.Name}' has no schedule.")));
            var hosts = new BlobContainerClient(StorageSettings.ConnectionString(app, null), "azure-webjobs-hosts", StorageSettings.WithShortTimeouts(new Azure.Storage.Blobs.BlobClientOptions()));
            var listener = new TimerTriggerListener(
                function, schedule, hosts, hostId, options.TimerLeaseDuration, options.TimerLeaseRetry, supervisor, invoker,
                loggers.CreateLogger("ExpoMatch.LocalHost.Timers." + function.Name));
            listeners.Add(listener.RunAsync(stoppingToken));
        }

        try
        {
            await Task.WhenAll(listeners);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
