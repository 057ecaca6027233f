using ExpoMatch.Storage;

namespace ExpoMatch.Functions.Storage;

/// <summary>
/// Reads the storage setting at start-up so a missing or malformed <c>AzureWebJobsStorage</c> stops the app with a
/// clear message, instead of failing the first request. Only parses: it does not wait for storage to answer.
/// </summary>
internal sealed partial class StorageConfigurationCheck(IServiceProvider services, ILogger<StorageConfigurationCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StorageConnection connection;
        try
        {
            connection = services.GetRequiredService<StorageConnection>();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException($"Invalid storage configuration ({StorageRegistration.ConnectionSettingName}): {e.Message}", e);
        }

        LogConnection(connection.ToString());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Storage: {Connection}")]
    private partial void LogConnection(string connection);
}
