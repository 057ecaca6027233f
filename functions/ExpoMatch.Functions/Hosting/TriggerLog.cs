namespace ExpoMatch.Functions.Hosting;

/// <summary>Standalone trigger host logs: function names, message ids, dequeue counts and times; never message text.</summary>
internal static partial class TriggerLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Queue listener for {FunctionName} on '{QueueName}' started (batch {BatchSize}, new batch at {NewBatchThreshold} in flight, polling up to {MaxPollingInterval})")]
    public static partial void QueueListenerStarted(ILogger logger, string functionName, string queueName, int batchSize, int newBatchThreshold, TimeSpan maxPollingInterval);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "{FunctionName}: message {MessageId} received (dequeue count {DequeueCount})")]
    public static partial void MessageReceived(ILogger logger, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "{FunctionName}: message {MessageId} succeeded (dequeue count {DequeueCount}) and was deleted")]
    public static partial void MessageSucceeded(ILogger logger, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "{FunctionName}: message {MessageId} failed (dequeue count {DequeueCount}); visible again in {VisibilityTimeout}")]
    public static partial void MessageFailed(ILogger logger, string functionName, string messageId, long dequeueCount, TimeSpan visibilityTimeout, Exception exception);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "{FunctionName}: message {MessageId} reached dequeue count {DequeueCount} (max {MaxDequeueCount}); moved to '{PoisonQueueName}'")]
    public static partial void MessagePoisoned(ILogger logger, string functionName, string messageId, long dequeueCount, int maxDequeueCount, string poisonQueueName);

    [LoggerMessage(EventId = 1228, Level = LogLevel.Error, Message = "Queue '{QueueName}': message {MessageId} is not Base64, so no function can read it; moved to the poison queue as it was")]
    public static partial void UndecodableMessagePoisoned(ILogger logger, string queueName, string messageId);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "{FunctionName}: message {MessageId} (dequeue count {DequeueCount}) released unfinished at shutdown")]
    public static partial void MessageReleasedAtShutdown(ILogger logger, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "{FunctionName}: lost message {MessageId}: it was deleted or dequeued again by another receiver ({Reason})")]
    public static partial void MessageLost(ILogger logger, string functionName, string messageId, string reason);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "{FunctionName}: storage error ({ErrorType}, status {Status}) while {Operation}; retrying after back-off")]
    public static partial void StorageError(ILogger logger, string functionName, string operation, string errorType, int status);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Debug, Message = "{FunctionName}: lease of message {MessageId} renewed until {NextVisible:o}")]
    public static partial void LeaseRenewed(ILogger logger, string functionName, string messageId, DateTimeOffset nextVisible);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Information, Message = "Timer {FunctionName} scheduled '{Schedule}' (UTC); next occurrences {NextOccurrences}")]
    public static partial void TimerStarted(ILogger logger, string functionName, string schedule, string nextOccurrences);

    [LoggerMessage(EventId = 1222, Level = LogLevel.Information, Message = "Timer {FunctionName} runs the tick of {Occurrence:o} (past due {IsPastDue})")]
    public static partial void TimerRunning(ILogger logger, string functionName, DateTimeOffset occurrence, bool isPastDue);

    [LoggerMessage(EventId = 1223, Level = LogLevel.Debug, Message = "Timer {FunctionName}: the tick of {Occurrence:o} was claimed by another instance")]
    public static partial void TimerTickTaken(ILogger logger, string functionName, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 1224, Level = LogLevel.Error, Message = "Timer {FunctionName} failed on the tick of {Occurrence:o}; it is not retried")]
    public static partial void TimerFailed(ILogger logger, string functionName, DateTimeOffset occurrence, Exception exception);

    [LoggerMessage(EventId = 1225, Level = LogLevel.Warning, Message = "Timer {FunctionName} is past due by {PastDue}: running once now")]
    public static partial void TimerPastDue(ILogger logger, string functionName, TimeSpan pastDue);

    [LoggerMessage(EventId = 1226, Level = LogLevel.Information, Message = "Timer {FunctionName} runs on start-up (Development only)")]
    public static partial void TimerRunOnStartup(ILogger logger, string functionName);

    [LoggerMessage(EventId = 1227, Level = LogLevel.Warning, Message = "Timer {FunctionName}: storage error ({ErrorType}, status {Status}) while {Operation}; tick skipped")]
    public static partial void TimerStorageError(ILogger logger, string functionName, string operation, string errorType, int status);
}
