using ExpoMatch.LocalHost.Worker.Protocol;

namespace ExpoMatch.LocalHost.Worker;

/// <summary>Writes the worker's RpcLog messages to our log: user logs at their level, the worker's own (System) at Debug.</summary>
internal static partial class WorkerLog
{
    public static void Write(ILogger logger, RpcLog log)
    {
        // The worker's own chatter (System logs, ASP.NET Core's per-request lines) is Debug; the app's logs keep their level.
        var level = log.LogCategory == RpcLog.Types.RpcLogCategory.System || log.Category.StartsWith("Microsoft.", StringComparison.Ordinal) && log.Level < RpcLog.Types.Level.Warning
            ? LogLevel.Debug
            : log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (logger.IsEnabled(level))
        {
            Logged(logger, level, log.Category, log.Message, log.Exception?.Message ?? string.Empty);
        }
    }

    [LoggerMessage(EventId = 2001, Message = "[{Category}] {Text} {Exception}")]
    private static partial void Logged(ILogger logger, LogLevel level, string category, string text, string exception);
}
