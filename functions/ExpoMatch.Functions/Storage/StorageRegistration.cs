using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Hosting;
using Microsoft.Extensions.Azure;

namespace ExpoMatch.Functions.Storage;

/// <summary>Registers the storage clients, the health probe and (for `dotnet run` in Development) a local Azurite.</summary>
public static class StorageRegistration
{
    /// <summary>The setting (Functions convention) holding the connection string or the identity-based settings.</summary>
    public const string ConnectionSettingName = "AzureWebJobsStorage";

    /// <summary>Clients for the health probe: one attempt, a short timeout.</summary>
    public const string HealthClientName = "Health";

    /// <summary>A queue client that leaves message text as it is on the wire (for messages that are not Base64).</summary>
    public const string RawQueueClientName = "Raw";

    /// <summary>
    /// TableServiceClient and QueueServiceClient (Base64 messages, the Functions default) as singletons through
    /// Microsoft.Extensions.Azure, built from <c>AzureWebJobsStorage</c> as <see cref="StorageSettings"/> reads it. The
    /// setting is read when a client is first needed (at start, by <see cref="StorageConfigurationCheck"/>), so test
    /// hosts can override configuration.
    /// </summary>
    public static WebApplicationBuilder AddExpoMatchStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddExpoMatchStorageClients();
        builder.Services.AddSingleton<StorageHealthProbe>();
        builder.Services.AddHostedService<StorageConfigurationCheck>();
        // Registered first so Azurite is up before any other hosted service (queue listeners, timers) starts.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, LocalAzuriteHostedService>());
        return builder;
    }

    /// <summary>The clients alone (what the settings tests and benchmarks build on).</summary>
    public static IServiceCollection AddExpoMatchStorageClients(this IServiceCollection services)
    {
        services.AddSingleton(sp => StorageSettings.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>(CreateTableServiceClient);
            clients.AddClient<QueueServiceClient, QueueClientOptions>(CreateQueueServiceClient)
                .ConfigureOptions((options, services) =>
                {
                    options.MessageEncoding = QueueMessageEncoding.Base64;
                    options.MessageDecodingFailed += args => UndecodableQueueMessages.MoveToPoisonAsync(args, services);
                });
            clients.AddClient<QueueServiceClient, QueueClientOptions>(CreateQueueServiceClient)
                .WithName(RawQueueClientName)
                .ConfigureOptions(options => options.MessageEncoding = QueueMessageEncoding.None);
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
