using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Api;

/// <summary>
/// Timer (daily by default): deletes Idempotency rows whose <see cref="IdempotencyStore.Retention"/> has passed.
/// <see cref="IdempotencyStore"/> already ignores them, so this only keeps the table from growing forever.
/// Deletes are ETag-conditional (a key taken over meanwhile has a new ETag and is kept) and run as one transaction
/// per partition and 100 rows; re-running, or two runs at once, is harmless.
/// </summary>
public sealed partial class PurgeExpiredIdempotencyKeys(
    RegistrationTables tables, TimeProvider time, ILogger<PurgeExpiredIdempotencyKeys> logger)
{
    public const string ScheduleSetting = "ExpoMatch:Schedules:PurgeExpiredIdempotencyKeys";

    [Function(nameof(PurgeExpiredIdempotencyKeys))]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(TimerInvocation.From(timer), context.CancellationToken);

    private const int MaxTransactionActions = 100;

    public async Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken) =>
        Purged(logger, await PurgeAsync(time.GetUtcNow(), cancellationToken));

    /// <summary>Deletes every row that expired before <paramref name="now"/>; returns how many were deleted.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Idempotency, cancellationToken);
        var deleted = 0;
        var batch = new List<TableEntity>(MaxTransactionActions);
        // Select the keys only: stored responses are up to ~840 KB a row and are not needed to delete it.
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ExpiresAt lt {now}"), select: ["PartitionKey", "RowKey", "ExpiresAt"], cancellationToken: cancellationToken))
        {
            if (batch.Count == MaxTransactionActions || (batch.Count > 0 && batch[0].PartitionKey != row.PartitionKey))
            {
                deleted += await DeleteAsync(table, batch, cancellationToken);
                batch.Clear();
            }

            batch.Add(row);
        }

        return deleted + await DeleteAsync(table, batch, cancellationToken);
    }

    /// <summary>One partition's rows in one transaction; if any row changed or went meanwhile, one by one.</summary>
    private static async Task<int> DeleteAsync(TableClient table, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        try
        {
            await table.SubmitTransactionAsync(
                rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), r.ETag)),
                cancellationToken);
            return rows.Count;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            // A key was reused (new ETag: keep it) or deleted by a concurrent run: the transaction is all or nothing.
        }

        var deleted = 0;
        foreach (var row in rows)
        {
            try
            {
                // A key already gone answers 404 without throwing: only a 204 is one we deleted.
                var response = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                deleted += response.Status == 204 ? 1 : 0;
            }
            catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
            {
                // Taken over after expiry: it is a live key now.
            }
        }

        return deleted;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Purged {Count} expired idempotency keys")]
    private static partial void Purged(ILogger logger, int count);
}
