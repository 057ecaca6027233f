using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;

namespace ExpoMatch.Functions.Storage;

/// <summary>What GET /api/health reports for storage: "ok" or "unavailable" per service, never error details.</summary>
public sealed record StorageHealth(string Tables, string Queues, string Blobs)
{
    [JsonIgnore]
    public bool IsHealthy => Tables == StorageHealthProbe.Ok && Queues == StorageHealthProbe.Ok && Blobs == StorageHealthProbe.Ok;
}

/// <summary>
/// Asks the table, queue and blob services (blobs hold the Data Protection key ring, ADR-003) a cheap authenticated
/// question (list one table, one queue, one container), in parallel, with
/// the health clients (no retries, short timeout), so a health check answers quickly when storage is down.
/// </summary>
public sealed partial class StorageHealthProbe(
    IAzureClientFactory<TableServiceClient> tableClients,
    IAzureClientFactory<QueueServiceClient> queueClients,
    IAzureClientFactory<BlobServiceClient> blobClients,
    ILogger<StorageHealthProbe> logger)
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<StorageHealth> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var tableCheck = ProbeAsync("tables", ListOneTableAsync, timeout.Token);
        var queueCheck = ProbeAsync("queues", ListOneQueueAsync, timeout.Token);
        var blobCheck = ProbeAsync("blobs", ListOneContainerAsync, timeout.Token);
        return new StorageHealth(await tableCheck, await queueCheck, await blobCheck);
    }

    private async Task ListOneTableAsync(CancellationToken cancellationToken)
    {
        var tables = tableClients.CreateClient(StorageRegistration.HealthClientName);
        await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            return;
        }
    }

    private async Task ListOneQueueAsync(CancellationToken cancellationToken)
    {
        var queues = queueClients.CreateClient(StorageRegistration.HealthClientName);
        await foreach (var _ in queues.GetQueuesAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            return;
        }
    }

    private async Task ListOneContainerAsync(CancellationToken cancellationToken)
    {
        var blobs = blobClients.CreateClient(StorageRegistration.HealthClientName);
        await foreach (var _ in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            return;
        }
    }

    private async Task<string> ProbeAsync(string service, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
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
}
