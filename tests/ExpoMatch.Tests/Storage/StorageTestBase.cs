using ExpoMatch.Storage;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Storage;

/// <summary>Per test class: clients on the shared Azurite, plus a fresh table and queue deleted afterwards.</summary>
public abstract class StorageTestBase : IAsyncLifetime
{
    protected StorageConnection Connection { get; private set; } = null!;
    protected TableServiceClient TableService { get; private set; } = null!;
    protected QueueServiceClient QueueService { get; private set; } = null!;
    protected TableClient Table { get; private set; } = null!;
    protected QueueClient Queue { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connection = await SharedAzurite.GetConnectionAsync();
        var options = new StorageClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        TableService = Connection.CreateTableServiceClient(options);
        QueueService = Connection.CreateQueueServiceClient(options);
        Table = TableService.GetTableClient(UniqueNames.Table());
        Queue = QueueService.GetQueueClient(UniqueNames.Queue());
        await Table.CreateIfNotExistsAsync();
        await Queue.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await Table.DeleteAsync();
        await Queue.DeleteIfExistsAsync();
    }
}
