using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ExpoMatch.Functions.Hosting;

/// <summary>One queue message handed to an <see cref="IQueueFunction"/>, with the storage metadata the host reports.</summary>
/// <param name="MessageText">The decoded message text (the hosts remove the Base64 encoding).</param>
public sealed record QueueInvocation(
    string QueueName,
    string MessageText,
    string Id,
    long DequeueCount,
    DateTimeOffset? InsertionTime,
    DateTimeOffset? ExpirationTime,
    DateTimeOffset? NextVisibleTime,
    string? PopReceipt)
{
    /// <summary>Reads the message as JSON with a source-generated contract; throws JsonException when it is not one.</summary>
    public T ReadJson<T>(JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(MessageText, typeInfo)
        ?? throw new JsonException($"Queue message {Id} on '{QueueName}' is JSON null.");
}

/// <summary>One timer tick handed to an <see cref="ITimerFunction"/>.</summary>
/// <param name="IsPastDue">True when the tick was missed (the app was down) and runs late.</param>
/// <param name="ScheduleStatus">Last/next occurrences from the schedule monitor; null when none is kept yet.</param>
public sealed record TimerInvocation(bool IsPastDue, TimerScheduleStatus? ScheduleStatus);

public sealed record TimerScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);
