using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.LocalHost.Azurite;

namespace ExpoMatch.Tests.Infrastructure;

/// <summary>
/// One Azurite (in memory, OS-chosen ports) for the whole test run, started on first use and shared by every test
/// class; tests stay isolated with unique table and queue names (<see cref="UniqueNames"/>), so classes run in
/// parallel. It is stopped when the test process exits, and its watchdog stops it even if the process is killed.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<LocalAzurite>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running emulator (starts it on first call).</summary>
    public static Task<LocalAzurite> GetAsync() => Instance.Value;

    /// <summary>A connection string with explicit endpoints for devstoreaccount1 on the shared emulator.</summary>
    public static async Task<string> GetConnectionStringAsync() => (await GetAsync()).ConnectionString;

    public static async Task<TableServiceClient> GetTablesAsync() => StorageClients.Tables(await GetConnectionStringAsync());

    public static async Task<QueueServiceClient> GetQueuesAsync(QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        StorageClients.Queues(await GetConnectionStringAsync(), encoding);

    private static async Task<LocalAzurite> StartAsync()
    {
        var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }
}

/// <summary>SDK clients for a connection string, as the app builds them (queue messages Base64, the Functions default).</summary>
public static class StorageClients
{
    public static TableServiceClient Tables(string connectionString) => new(connectionString);

    public static QueueServiceClient Queues(string connectionString, QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        new(connectionString, new QueueClientOptions { MessageEncoding = encoding });
}

/// <summary>Names no other test (or concurrently running test process) uses.</summary>
public static class UniqueNames
{
    /// <summary>A valid table name: letters and digits, starting with a letter.</summary>
    public static string Table(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..20];

    /// <summary>A valid queue name: lowercase letters, digits, hyphens.</summary>
    public static string Queue(string prefix = "q") => prefix.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..20];
}
