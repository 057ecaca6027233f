using ExpoMatch.Functions.Meetings;
using ExpoMatch.Storage;

namespace ExpoMatch.Functions.Matching;

/// <summary>
/// Sends <see cref="OrganiserRunRequested"/> to the <c>matching-runs</c> queue (JSON, Base64 by the queue client).
/// <c>ExpoMatch:MatchingRunsQueue</c> overrides the name so tests can give each app its own queue.
/// </summary>
public sealed class MatchingRunQueue(QueueServiceClient service, IConfiguration configuration)
{
    public const string DefaultName = "matching-runs";

    private readonly SemaphoreSlim _createLock = new(1, 1);
    private QueueClient? _queue;

    public string Name { get; } = configuration["ExpoMatch:MatchingRunsQueue"] ?? DefaultName;

    /// <param name="delay">How long the message stays invisible: a run waiting for the event's lock is retried later.</param>
    public async Task EnqueueAsync(OrganiserRunRequested work, TimeSpan? delay, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(cancellationToken);
        await queue.SendMessageAsync(MatchingWorkQueue.Serialize(work), delay, cancellationToken: cancellationToken);
    }

    private async Task<QueueClient> QueueAsync(CancellationToken cancellationToken)
    {
        if (_queue is { } ready)
        {
            return ready;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (_queue is null)
            {
                var queue = service.GetQueueClient(Name);
                await queue.CreateIfNotExistsAsync(cancellationToken);
                _queue = queue;
            }

            return _queue;
        }
        finally
        {
            _createLock.Release();
        }
    }
}
