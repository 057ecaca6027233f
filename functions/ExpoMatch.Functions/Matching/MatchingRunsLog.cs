namespace ExpoMatch.Functions.Matching;

/// <summary>Log events of organiser runs and recommendations: ids and counts only.</summary>
public static partial class MatchingRunsLog
{
    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Matching run {RunId} of event {EventId} queued (dry run: {DryRun})")]
    public static partial void RunQueued(ILogger logger, string runId, string eventId, bool dryRun);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Information, Message = "Matching run {RunId} of event {EventId} waits: run {Holder} holds the event's lock")]
    public static partial void RunWaiting(ILogger logger, string runId, string eventId, string holder);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information, Message = "Matching run {RunId} of event {EventId} started (attempt {Attempt})")]
    public static partial void RunStarted(ILogger logger, string runId, string eventId, int attempt);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Information, Message = "Matching run {RunId} of event {EventId} succeeded: {Planned} planned, {Published} published, {Conflicts} conflicts")]
    public static partial void RunSucceeded(ILogger logger, string runId, string eventId, int planned, int published, int conflicts);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Error, Message = "Matching run {RunId} of event {EventId} failed")]
    public static partial void RunFailed(ILogger logger, Exception exception, string runId, string eventId);

    [LoggerMessage(EventId = 4508, Level = LogLevel.Warning, Message = "Matching run {RunId} of event {EventId} failed on delivery {DequeueCount}; the queue retries it")]
    public static partial void RunAttemptFailed(ILogger logger, Exception exception, string runId, string eventId, long dequeueCount);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Information, Message = "Matching run message for {RunId} of event {EventId} ignored: the run is {Status}")]
    public static partial void RunMessageIgnored(ILogger logger, string runId, string eventId, string status);

    [LoggerMessage(EventId = 4507, Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} is not an organiser run; dropped")]
    public static partial void NotARunMessage(ILogger logger, string messageId, string queue);
}
