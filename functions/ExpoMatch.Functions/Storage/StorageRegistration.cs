using ExpoMatch.Functions.Hosting;
using ExpoMatch.Storage;

namespace ExpoMatch.Functions.Storage;

/// <summary>Registers the storage clients, the health probe and (for `dotnet run` in Development) a local Azurite.</summary>
public static class StorageRegistration
{
    /// <summary>The setting (Functions convention) holding the connection string or the identity-based settings.</summary>
    public const string ConnectionSettingName = "AzureWebJobsStorage";

    /// <summary>
    /// StorageConnection, TableServiceClient and QueueServiceClient as singletons (one pipeline each), read lazily from
    /// <c>AzureWebJobsStorage</c> (a connection string, or <c>AzureWebJobsStorage__tableServiceUri</c>/<c>__queueServiceUri</c>
    /// with <c>__credential</c>/<c>__clientId</c>), so test hosts can override configuration.
    /// </summary>
    public static WebApplicationBuilder AddExpoMatchStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return StorageConnection.FromSettings(key => configuration[key], ConnectionSettingName);
        });
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient());
        services.AddSingleton<StorageHealthProbe>();
        services.AddHostedService<StorageConfigurationCheck>();
        // Registered first so Azurite is up before any other hosted service (queue listeners, timers) starts.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, LocalAzuriteHostedService>());
        return builder;
    }
}
