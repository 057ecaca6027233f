using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Hosting;

/// <summary>One queue message handed to a queue function, with the storage metadata the host reports.</summary>
/// <param name="MessageText">The decoded message text (the host removes the Base64 encoding).</param>
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

    /// <summary>The message and the trigger metadata the host sent with it (Id, DequeueCount, PopReceipt, times).</summary>
    public static QueueInvocation From(string message, FunctionContext context)
    {
        var data = context.BindingContext.BindingData;
        string? Text(string key) => data.TryGetValue(key, out var value) ? value?.ToString()?.Trim('"') : null;
        DateTimeOffset? Time(string key) =>
            DateTimeOffset.TryParse(Text(key), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
        var queue = FunctionTable.Queues.Single(q => q.Function.Name == context.FunctionDefinition.Name).Trigger.QueueName;
        var configuration = context.InstanceServices.GetRequiredService<IConfiguration>();
        return new QueueInvocation(
            FunctionTable.SettingOf(queue) is { } setting ? configuration[setting] ?? queue : queue,
            message,
            Text("Id") ?? "",
            long.TryParse(Text("DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1,
            Time("InsertionTime"),
            Time("ExpirationTime"),
            Time("NextVisibleTime"),
            Text("PopReceipt"));
    }
}

/// <summary>One timer tick handed to a timer function.</summary>
/// <param name="IsPastDue">True when the tick was missed (the app was down) and runs late.</param>
/// <param name="ScheduleStatus">Last/next occurrences from the schedule monitor; null when none is kept yet.</param>
public sealed record TimerInvocation(bool IsPastDue, TimerScheduleStatus? ScheduleStatus)
{
    public static TimerInvocation From(TimerInfo timer) => new(
        timer.IsPastDue,
        timer.ScheduleStatus is { } status ? new TimerScheduleStatus(status.Last, status.Next, status.LastUpdated) : null);
}

public sealed record TimerScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);
