using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>The queue service of one account. Owns one HttpPipeline; create once and share (thread-safe).</summary>
public sealed class QueueServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly QueueMessageEncoding _encoding;

    public QueueServiceClient(StorageConnection connection, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Endpoint = connection.QueueEndpoint
            ?? throw new ArgumentException("The storage connection has no queue endpoint.", nameof(connection));
        options ??= new StorageClientOptions();
        _encoding = options.MessageEncoding;
        _pipeline = StoragePipeline.Build(connection, options, forTables: false);
    }

    public Uri Endpoint { get; }

    /// <summary>A client for one queue (validates the name; sends nothing). Cheap: shares this client's pipeline.</summary>
    public QueueClient GetQueueClient(string queueName) => new(_pipeline, Endpoint, queueName, _encoding);

    /// <summary>Lists up to one queue: proves the service answers and accepts our credentials (for health checks).</summary>
    public async Task CheckAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        using var message = QueueClient.CreateMessage(_pipeline, Endpoint, RequestMethod.Get, "?comp=list&maxresults=1");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 200)
        {
            throw StoragePipeline.Failure(message.Response, "List queues");
        }
    }
}
