using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>The table service of one account. Owns one HttpPipeline; create once and share (thread-safe).</summary>
public sealed class TableServiceClient
{
    private readonly HttpPipeline _pipeline;

    public TableServiceClient(StorageConnection connection, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Endpoint = connection.TableEndpoint
            ?? throw new ArgumentException("The storage connection has no table endpoint.", nameof(connection));
        _pipeline = StoragePipeline.Build(connection, options ?? new StorageClientOptions(), forTables: true);
    }

    public Uri Endpoint { get; }

    /// <summary>A client for one table (validates the name; sends nothing). Cheap: shares this client's pipeline.</summary>
    public TableClient GetTableClient(string tableName) => new(_pipeline, Endpoint, tableName);

    /// <summary>Lists up to one table: proves the service answers and accepts our credentials (for health checks).</summary>
    public async Task CheckAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        using var message = TableClient.CreateMessage(_pipeline, Endpoint, RequestMethod.Get, "Tables?$top=1");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 200)
        {
            throw StoragePipeline.Failure(message.Response, "List tables");
        }
    }
}
