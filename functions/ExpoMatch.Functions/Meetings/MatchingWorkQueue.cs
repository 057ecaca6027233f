using System.Text.Json;
using Azure.Storage.Queues;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Puts <see cref="MatchingWork"/> on the <c>matching-work</c> queue as JSON (the queue client Base64-encodes it, as
/// the Functions queue trigger expects). The queue is created on first use. <c>ExpoMatch:MatchingWorkQueue</c>
/// names the queue; the matcher's queue trigger reads the same app setting (tests give each app its own queue).
/// </summary>
public sealed class MatchingWorkQueue(QueueServiceClient service, IConfiguration configuration)
{
    /// <summary>The app setting naming the queue (also the queue trigger's `%...%` binding expression).</summary>
    public const string QueueNameSetting = "ExpoMatch:MatchingWorkQueue";

    private readonly OutboundQueue _queue = new(service, configuration[QueueNameSetting] ?? MatchingWork.QueueName);

    public Task EnqueueAsync(MatchingWork work, CancellationToken cancellationToken) =>
        _queue.SendAsync(Serialize(work), visibilityDelay: null, cancellationToken);

    /// <summary>The work as pending work (ADR-004), to record in the same transaction as the change that needs it.</summary>
    public static PendingWork Pending(MatchingWork work) => new(QueueNameSetting, Serialize(work));

    public static string Serialize(MatchingWork work) =>
        JsonSerializer.Serialize(work, MatchingWorkJsonContext.Default.MatchingWork);

    public static MatchingWork? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MatchingWorkJsonContext.Default.MatchingWork);
}
