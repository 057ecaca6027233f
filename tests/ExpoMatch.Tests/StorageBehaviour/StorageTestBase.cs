using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.StorageBehaviour;

/// <summary>Per test class: SDK clients on the shared Azurite, plus a fresh table and queue deleted afterwards.</summary>
public abstract class StorageTestBase : IAsyncLifetime
{
    protected TableClient Table { get; private set; } = null!;
    protected QueueClient Queue { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Table = (await SharedAzurite.GetTablesAsync()).GetTableClient(UniqueNames.Table());
        Queue = (await SharedAzurite.GetQueuesAsync()).GetQueueClient(UniqueNames.Queue());
        await Table.CreateIfNotExistsAsync();
        await Queue.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await Table.DeleteAsync();
        await Queue.DeleteIfExistsAsync();
    }
}
