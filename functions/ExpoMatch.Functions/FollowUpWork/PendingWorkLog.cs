namespace ExpoMatch.Functions.FollowUpWork;

/// <summary>Log lines of pending work and reconciliation: ids and counts only, never personal data.</summary>
public static partial class PendingWorkLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "Pending work {RowKey} ({Table}, event {EventId}) not delivered after its commit ({Error}); the dispatcher will deliver it")]
    public static partial void LeftForDispatcher(ILogger logger, string table, string eventId, string rowKey, string error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information,
        Message = "Delivered {Count} pending work items left by their requests (event {EventId}, {Table}): {RowKeys}")]
    public static partial void Delivered(ILogger logger, int count, string eventId, string table, string rowKeys);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
        Message = "Pending work {RowKey} ({Table}, event {EventId}) still not delivered ({Error}); next run retries")]
    public static partial void DeliveryFailed(ILogger logger, string table, string eventId, string rowKey, string error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning,
        Message = "Reconciliation repaired {Count} {What} in event {EventId}: {Ids}")]
    public static partial void Repaired(ILogger logger, int count, string what, string eventId, string ids);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Reconciliation checked {Events} events, repaired {Repaired}")]
    public static partial void Reconciled(ILogger logger, int events, int repaired);
}
