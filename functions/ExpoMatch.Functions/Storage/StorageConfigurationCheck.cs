using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace ExpoMatch.Functions.Storage;

/// <summary>
/// Builds the storage clients at start-up so a missing or malformed <c>AzureWebJobsStorage</c> stops the app with one
/// clear line, instead of failing the first request. Only builds them: it does not wait for storage to answer.
/// </summary>
internal sealed partial class StorageConfigurationCheck(IServiceProvider services, ILogger<StorageConfigurationCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StorageSettings settings;
        try
        {
            settings = services.GetRequiredService<StorageSettings>();
            services.GetRequiredService<TableServiceClient>();
            services.GetRequiredService<QueueServiceClient>();
        }
        catch (Exception e) when (e.GetBaseException() is FormatException or InvalidOperationException or ArgumentException)
        {
            // The first line only: the SDK's messages can run to a list of constructors; none of them echoes a key.
            var reason = e.GetBaseException().Message.Split('\n')[0].Trim();
            throw new InvalidOperationException($"Invalid storage configuration ({StorageRegistration.ConnectionSettingName}): {reason}", e);
        }

        LogConnection(settings.Describe());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Storage: {Connection}")]
    private partial void LogConnection(string connection);
}
