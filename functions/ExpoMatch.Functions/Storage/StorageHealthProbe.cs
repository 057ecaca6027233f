using System.Text.Json.Serialization;
using ExpoMatch.Storage;

namespace ExpoMatch.Functions.Storage;

/// <summary>What GET /api/health reports for storage: "ok" or "unavailable" per service, never error details.</summary>
public sealed record StorageHealth(string Tables, string Queues)
{
    [JsonIgnore]
    public bool IsHealthy => Tables == StorageHealthProbe.Ok && Queues == StorageHealthProbe.Ok;
}

/// <summary>
/// Asks the table and queue services a cheap authenticated question, in parallel, without retries and with a short
/// timeout, so a health check answers quickly when storage is down.
/// </summary>
public sealed partial class StorageHealthProbe(StorageConnection connection, ILogger<StorageHealthProbe> logger)
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Lazy<(TableServiceClient? Tables, QueueServiceClient? Queues)> _clients = new(() =>
    {
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = Timeout;
        return (
            connection.TableEndpoint is null ? null : connection.CreateTableServiceClient(options),
            connection.QueueEndpoint is null ? null : connection.CreateQueueServiceClient(options));
    });

    public async Task<StorageHealth> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var (tables, queues) = _clients.Value;
        var tableCheck = ProbeAsync("tables", tables is null ? null : tables.CheckAvailabilityAsync, timeout.Token);
        var queueCheck = ProbeAsync("queues", queues is null ? null : queues.CheckAvailabilityAsync, timeout.Token);
        return new StorageHealth(await tableCheck, await queueCheck);
    }

    private async Task<string> ProbeAsync(string service, Func<CancellationToken, Task>? check, CancellationToken cancellationToken)
    {
        if (check is null)
        {
            LogNotConfigured(service);
            return Unavailable;
        }

        try
        {
            await check(cancellationToken);
            return Ok;
        }
        catch (Exception e)
        {
            // Only the type and status: messages can carry request URLs, which may hold a SAS.
            LogUnavailable(service, e.GetType().Name, (e as Azure.RequestFailedException)?.Status ?? 0);
            return Unavailable;
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Storage {Service} unavailable: {ErrorType} (status {Status})")]
    private partial void LogUnavailable(string service, string errorType, int status);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Storage {Service} is not configured")]
    private partial void LogNotConfigured(string service);
}
