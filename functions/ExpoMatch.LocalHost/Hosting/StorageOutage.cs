namespace ExpoMatch.LocalHost.Hosting;

/// <summary>
/// Logs a storage outage seen by a poller once, when it starts, and once when storage answers again, instead of a
/// warning (or a stack trace) on every poll: a listener polls every few seconds, an outage can last minutes.
/// </summary>
public sealed partial class StorageOutage(ILogger logger, string what)
{
    private DateTimeOffset? _since;

    public void Failed(Exception exception)
    {
        if (_since is not null)
        {
            return;
        }

        _since = DateTimeOffset.UtcNow;
        LogUnavailable(what, exception.GetType().Name, exception.Message.Split('\n', 2)[0].Trim());
    }

    public void Answered()
    {
        if (_since is { } since)
        {
            _since = null;
            LogRecovered(what, (int)(DateTimeOffset.UtcNow - since).TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Storage unavailable for {What} ({ErrorType}: {Reason}); backing off and retrying until it answers")]
    private partial void LogUnavailable(string what, string errorType, string reason);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Storage answers again for {What} after {Seconds} s; resumed")]
    private partial void LogRecovered(string what, int seconds);
}
