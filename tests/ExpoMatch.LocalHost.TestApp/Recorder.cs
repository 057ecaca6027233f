using Azure.Storage.Queues;

namespace ExpoMatch.LocalHost.TestApp;

/// <summary>Writes one line per observation to the record queue, which the tests read to see what the host did.</summary>
public sealed class Recorder(QueueClient records)
{
    private int _created;

    public async Task RecordAsync(string line, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _created, 1) == 0)
        {
            await records.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await records.SendMessageAsync(line, cancellationToken);
    }
}
