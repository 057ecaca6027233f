using Azure.Core;
using Azure.Data.Tables;
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
            clients.AddClient<TableServiceClient, TableClientOptions>(CreateTableServiceClient);
            clients.AddClient<QueueServiceClient, QueueClientOptions>(CreateQueueServiceClient)
                .ConfigureOptions(options => options.MessageEncoding = QueueMessageEncoding.Base64);
            clients.AddClient<TableServiceClient, TableClientOptions>(CreateTableServiceClient)
                .WithName(HealthClientName)
                .ConfigureOptions(options => AnswerQuickly(options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>(CreateQueueServiceClient)
                .WithName(HealthClientName)
                .ConfigureOptions(options => AnswerQuickly(options));
        });
        return services;
    }

    private static TableServiceClient CreateTableServiceClient(TableClientOptions options, IServiceProvider services) =>
        Create<TableServiceClient>(StorageSettings.Table, options, services);

    private static QueueServiceClient CreateQueueServiceClient(QueueClientOptions options, IServiceProvider services) =>
        Create<QueueServiceClient>(StorageSettings.Queue, options, services);

    /// <summary>Microsoft.Extensions.Azure's own factory builds the client from the section <see cref="StorageSettings"/> adapted.</summary>
    private static TClient Create<TClient>(string service, ClientOptions options, IServiceProvider services)
    {
        var settings = services.GetRequiredService<StorageSettings>();
        var factory = services.GetRequiredService<AzureComponentFactory>();
        return (TClient)factory.CreateClient(typeof(TClient), settings.For(service), settings.CreateCredential(factory), options);
    }

    private static void AnswerQuickly(ClientOptions options)
    {
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = StorageHealthProbe.Timeout;
    }
}
