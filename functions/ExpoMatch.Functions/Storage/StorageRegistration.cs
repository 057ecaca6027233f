using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;

namespace ExpoMatch.Functions.Storage;

/// <summary>Registers the storage clients, the health probe and the start-up storage check.</summary>
public static class StorageRegistration
{
    /// <summary>The setting (Functions convention) holding the connection string or the identity-based settings.</summary>
    public const string ConnectionSettingName = "AzureWebJobsStorage";

    /// <summary>Clients for the health probe: one attempt, a short timeout.</summary>
    public const string HealthClientName = "Health";

    /// <summary>
    /// How long one try of a storage call may take before the SDK gives it up. Azure Storage's own targets are 2 s for
    /// a single-entity or queue operation and 10 s for a query page or a transaction; in practice both answer in tens
    /// of milliseconds, but the shared Azurite under the whole test suite was seen to take over 5 s for one call, so a try
    /// gets 30 s (the SDK's default is 100 s). HTTP calls are bounded by their 20 s deadline anyway.
    /// </summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Four retries (0.5, 1, 2, 2 s apart) ride out a dropped connection, a 503 "server busy" or an outage of about
    /// 25 s, so queue and timer functions wait out a short outage instead of failing an invocation whose message
    /// would then stay invisible for the rest of its visibility timeout. HTTP calls do not wait that long: their
    /// token carries the request's deadline (<see cref="StorageUnavailable.HttpDeadline"/>), and the API answers 503
    /// with Retry-After, so the client, not the server, waits out a longer outage.
    /// </summary>
    public const int MaxRetries = 4;

    /// <summary>
    /// TableServiceClient and QueueServiceClient (Base64 messages, the Functions default) as singletons through
    /// Microsoft.Extensions.Azure, built from <c>AzureWebJobsStorage</c> as <see cref="StorageSettings"/> reads it. The
    /// setting is read when a client is first needed (at start, by <see cref="StorageConfigurationCheck"/>), so test
    /// hosts can override configuration.
    /// </summary>
    public static IServiceCollection AddExpoMatchStorage(this IServiceCollection services)
    {
        services.AddExpoMatchStorageClients();
        services.AddSingleton<StorageHealthProbe>();
        services.AddHostedService<StorageConfigurationCheck>();
        return services;
    }

    /// <summary>The clients alone (what the settings tests and benchmarks build on).</summary>
    public static IServiceCollection AddExpoMatchStorageClients(this IServiceCollection services)
    {
        services.AddSingleton(sp => StorageSettings.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>(CreateTableServiceClient)
                .ConfigureOptions(options => RideOutShortOutages(options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>(CreateQueueServiceClient)
                .ConfigureOptions(options =>
                {
                    options.MessageEncoding = QueueMessageEncoding.Base64;
                    RideOutShortOutages(options);
                });
            clients.AddClient<BlobServiceClient, BlobClientOptions>(CreateBlobServiceClient)
                .ConfigureOptions(options => RideOutShortOutages(options));
            clients.AddClient<TableServiceClient, TableClientOptions>(CreateTableServiceClient)
                .WithName(HealthClientName)
                .ConfigureOptions(options => AnswerQuickly(options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>(CreateQueueServiceClient)
                .WithName(HealthClientName)
                .ConfigureOptions(options => AnswerQuickly(options));
            clients.AddClient<BlobServiceClient, BlobClientOptions>(CreateBlobServiceClient)
                .WithName(HealthClientName)
                .ConfigureOptions(options => AnswerQuickly(options));
        });
        return services;
    }

    private static TableServiceClient CreateTableServiceClient(TableClientOptions options, IServiceProvider services) =>
        Create<TableServiceClient>(StorageSettings.Table, options, services);

    private static QueueServiceClient CreateQueueServiceClient(QueueClientOptions options, IServiceProvider services) =>
        Create<QueueServiceClient>(StorageSettings.Queue, options, services);

    private static BlobServiceClient CreateBlobServiceClient(BlobClientOptions options, IServiceProvider services) =>
        Create<BlobServiceClient>(StorageSettings.Blob, options, services);

    /// <summary>Microsoft.Extensions.Azure's own factory builds the client from the section <see cref="StorageSettings"/> adapted.</summary>
    private static TClient Create<TClient>(string service, ClientOptions options, IServiceProvider services)
    {
        var settings = services.GetRequiredService<StorageSettings>();
        var factory = services.GetRequiredService<AzureComponentFactory>();
        return (TClient)factory.CreateClient(typeof(TClient), settings.For(service), settings.CreateCredential(factory), options);
    }

    private static void RideOutShortOutages(ClientOptions options)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = NetworkTimeout;
    }

    private static void AnswerQuickly(ClientOptions options)
    {
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = StorageHealthProbe.Timeout;
    }
}
