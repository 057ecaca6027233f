using System.Text.Json;
using ExpoMatch.Storage;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Puts <see cref="MatchingWork"/> on the <c>matching-work</c> queue as JSON (the queue client Base64-encodes it, as
/// the Functions queue trigger expects). The queue is created on first use. <c>ExpoMatch:MatchingWorkQueue</c>
/// overrides the queue name (tests give each app its own queue).
/// </summary>
public sealed class MatchingWorkQueue(QueueServiceClient service, IConfiguration configuration)
{
    private readonly string _queueName = configuration["ExpoMatch:MatchingWorkQueue"] ?? MatchingWork.QueueName;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private QueueClient? _queue;

    public async Task EnqueueAsync(MatchingWork work, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(cancellationToken);
        await queue.SendMessageAsync(Serialize(work), cancellationToken: cancellationToken);
    }

    public static string Serialize(MatchingWork work) =>
        JsonSerializer.Serialize(work, MatchingWorkJsonContext.Default.MatchingWork);

    public static MatchingWork? Deserialize(string json) =>
        JsonSerializer.Deserialize(json, MatchingWorkJsonContext.Default.MatchingWork);

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
                var queue = service.GetQueueClient(_queueName);
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
