using System.Text.Json;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Puts <see cref="MatchingWork"/> on the <c>matching-work</c> queue as JSON (the queue client Base64-encodes it, as
/// the Functions queue trigger expects). The queue is created on first use. <c>ExpoMatch:MatchingWorkQueue</c>
/// overrides the queue name (tests give each app its own queue).
/// </summary>
public sealed class MatchingWorkQueue(QueueServiceClient service, IConfiguration configuration)
{
    private readonly OutboundQueue _queue = new(service, configuration["ExpoMatch:MatchingWorkQueue"] ?? MatchingWork.QueueName);

    public Task EnqueueAsync(MatchingWork work, CancellationToken cancellationToken) =>
        _queue.SendAsync(Serialize(work), visibilityDelay: null, cancellationToken);

    public static string Serialize(MatchingWork work) =>
        JsonSerializer.Serialize(work, MatchingWorkJsonContext.Default.MatchingWork);

    public static MatchingWork? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MatchingWorkJsonContext.Default.MatchingWork);
}
