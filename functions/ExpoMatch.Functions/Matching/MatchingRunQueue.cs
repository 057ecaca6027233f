using Azure.Storage.Queues;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Matching;

/// <summary>
/// Sends <see cref="OrganiserRunRequested"/> to the <c>matching-runs</c> queue (JSON, Base64 by the queue client).
/// <c>ExpoMatch:MatchingRunsQueue</c> names the queue (also in the queue trigger) so tests can give each app its own queue.
/// </summary>
public sealed class MatchingRunQueue(QueueServiceClient service, IConfiguration configuration)
{
    public const string DefaultName = "matching-runs";

    /// <summary>The app setting naming the queue (also the queue trigger's `%...%` binding expression).</summary>
    public const string QueueNameSetting = "ExpoMatch:MatchingRunsQueue";

    private readonly OutboundQueue _queue = new(service, configuration[QueueNameSetting] ?? DefaultName);

    public string Name => _queue.Name;

    /// <summary>The run's message as pending work (ADR-004), recorded with the run row.</summary>
    public static PendingWork Pending(OrganiserRunRequested work) => new(QueueNameSetting, MatchingWorkQueue.Serialize(work));

    /// <param name="delay">How long the message stays invisible: a run waiting for the event's lock is retried later.</param>
    public Task EnqueueAsync(OrganiserRunRequested work, TimeSpan? delay, CancellationToken cancellationToken) =>
        _queue.SendAsync(MatchingWorkQueue.Serialize(work), delay, cancellationToken);
}
