using System.Globalization;
using System.Reflection;

namespace ExpoMatch.LocalHost.Hosting;

/// <summary>
/// `--app &lt;folder&gt;` (default: the current directory if it is worker output, else the ExpoMatch app this host
/// was built with) and `--port N` (default 7071), like `func start`; the rest
/// goes to configuration, where `--LocalHost:Name value` sets a <see cref="LocalHostOptions"/> knob.
/// </summary>
public static class CommandLine
{
    public static (LocalHostOptions Options, string[] Remaining) Parse(string[] args)
    {
        string? app = null;
        var port = 7071;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--app" when i + 1 < args.Length:
                    app = args[++i];
                    break;
                case "--port" when i + 1 < args.Length:
                    port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        var configuration = new ConfigurationBuilder().AddCommandLine(rest.ToArray()).Build().GetSection("LocalHost");
        var defaults = new LocalHostOptions { AppDirectory = string.Empty };
        var options = new LocalHostOptions
        {
            AppDirectory = app ?? DefaultAppDirectory(),
            Port = port,
            QueueVisibilityWindow = configuration.GetValue("QueueVisibilityWindow", defaults.QueueVisibilityWindow),
            TimerLeaseDuration = configuration.GetValue("TimerLeaseDuration", defaults.TimerLeaseDuration),
            TimerLeaseRetry = configuration.GetValue("TimerLeaseRetry", defaults.TimerLeaseRetry),
            WorkerRestartDelay = configuration.GetValue("WorkerRestartDelay", defaults.WorkerRestartDelay),
            WorkerStartTimeout = configuration.GetValue("WorkerStartTimeout", defaults.WorkerStartTimeout),
            StopOnStandardInputClose = configuration.GetValue("StopOnStandardInputClose", defaults.StopOnStandardInputClose),
        };
        return (options, rest.ToArray());
    }

    private static string DefaultAppDirectory()
    {
        var current = Directory.GetCurrentDirectory();
        if (File.Exists(Path.Combine(current, "worker.config.json")))
        {
            return current;
        }

        var built = typeof(CommandLine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "DefaultAppDirectory")?.Value;
        return built is not null && File.Exists(Path.Combine(built, "worker.config.json")) ? Path.GetFullPath(built) : current;
    }
}
