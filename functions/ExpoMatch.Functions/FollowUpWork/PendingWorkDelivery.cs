using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.FollowUpWork;

/// <summary>
/// Commits a change together with its <see cref="PendingWork"/>, and delivers pending work: the message goes to its
/// queue first, then the row is deleted under its ETag. A crash between the two leaves the row, so the work is sent
/// again (at least once); every consumer re-reads the rows it acts on, so a duplicate changes nothing.
/// </summary>
public sealed class PendingWorkDelivery(
    QueueServiceClient queues,
    IConfiguration configuration,
    IOptions<PendingWorkOptions> options,
    TimeProvider time,
    ILogger<PendingWorkDelivery> logger)
{
    private readonly ConcurrentDictionary<string, OutboundQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>
    /// Submits <paramref name="change"/> and one pending-work row per <paramref name="work"/> as ONE transaction in
    /// the change's partition, then delivers the work right away. The work rows come after the change's actions, so
    /// a failing action's index (<see cref="TableTransactionFailedException.FailedTransactionActionIndex"/>) is the
    /// change's own, and failures throw exactly as <see cref="TableClient.SubmitTransactionAsync"/> does.
    /// Delivery after the commit does not use <paramref name="cancellationToken"/> (the client's): once committed,
    /// the work must not die with a disconnect. It is bounded by <see cref="PendingWorkOptions.AfterCommitTimeout"/>
    /// and never throws; whatever it could not deliver, <see cref="DeliverPendingWork"/> does.
    /// </summary>
    /// <returns>The transaction's response (the change's entries first, in order).</returns>
    public async Task<Response<IReadOnlyList<Response>>> SubmitAsync(
        TableClient table, IReadOnlyList<TableTransactionAction> change, IReadOnlyList<PendingWork> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfZero(change.Count);
        var partitionKey = change[0].Entity.PartitionKey;
        var now = time.GetUtcNow();
        var rows = work.Select(w => w.ToEntity(partitionKey, now)).ToList();
        var response = await table.SubmitTransactionAsync(
            [.. change, .. rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r))], cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].ETag = change.Count + i < response.Value.Count && response.Value[change.Count + i].Headers.ETag is { } etag ? etag : ETag.All;
        }

        await DeliverAfterCommitAsync(table, rows);
        return response;
    }

    /// <summary>Tries to deliver freshly committed rows within the timeout; leaves what fails to the dispatcher.</summary>
    public async Task DeliverAfterCommitAsync(TableClient table, IReadOnlyList<TableEntity> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(options.Value.AfterCommitTimeout);
        foreach (var row in rows)
        {
            try
            {
                await DeliverAsync(table, row, timeout.Token);
            }
#pragma warning disable CA1031 // Any failure here is recovered by the dispatcher; the change itself has committed.
            catch (Exception e)
#pragma warning restore CA1031
            {
                PendingWorkLog.LeftForDispatcher(logger, table.Name, row.PartitionKey, row.RowKey, e.GetType().Name);
            }
        }
    }

    /// <summary>Sends the row's message to its queue, then deletes the row (ETag-guarded; already gone is fine).</summary>
    public async Task DeliverAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(row);
        var work = PendingWork.FromEntity(row);
        await Queue(work.QueueSetting).SendAsync(work.Message, visibilityDelay: null, cancellationToken);
        try
        {
            // Pending-work rows are never updated, so the ETag only guards against deleting a row of the same key
            // written again, which random keys rule out; a row already deleted (a concurrent delivery) answers 404.
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag == default ? ETag.All : row.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == StorageStatus.PreconditionFailed)
        {
        }
    }

    private OutboundQueue Queue(string setting) => _queues.GetOrAdd(setting, s =>
        new OutboundQueue(queues, configuration[s] is { Length: > 0 } name ? name : AppSettingsManifest.SampleValueOf(s)));
}
