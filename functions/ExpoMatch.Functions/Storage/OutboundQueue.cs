using Azure.Storage.Queues;

namespace ExpoMatch.Functions.Storage;

/// <summary>
/// A queue the app puts work on, created on first use: once per process, safe when many requests enqueue at once,
/// so a fresh storage account (or a test's private queue name) needs no provisioning step.
/// </summary>
public sealed class OutboundQueue(QueueServiceClient service, string name)
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private QueueClient? _queue;

    public string Name { get; } = name;

    /// <param name="visibilityDelay">How long the message stays invisible before a trigger may take it.</param>
    public async Task SendAsync(string text, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(cancellationToken);
        await queue.SendMessageAsync(text, visibilityDelay, cancellationToken: cancellationToken);
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
                await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
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
