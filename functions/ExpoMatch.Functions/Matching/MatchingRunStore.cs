using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Matching;

/// <summary>What trying to take the event's run lock came to.</summary>
public enum RunLockResult
{
    /// <summary>This run holds the lock now (fresh, taken over from an expired lease, or renewed).</summary>
    Acquired,
    /// <summary>Another run holds a live lease.</summary>
    Busy,
}

/// <summary>
/// Run rows and the per-event run lock in the <c>MatchingRuns</c> table. Every change is create-only or
/// ETag-guarded, so two instances handling the same or different runs of one event can never both believe they hold
/// the lock, and a run row never goes back from a finished state.
/// </summary>
public sealed class MatchingRunStore(RegistrationTables tables, PendingWorkDelivery pendingWork)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Inserts a new run row together with <paramref name="work"/> (its queue message) in one transaction (ADR-004),
    /// then delivers the work without the caller's token; the returned run carries its ETag.
    /// </summary>
    public async Task<MatchingRun> CreateAsync(MatchingRun run, PendingWork work, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var response = await pendingWork.SubmitAsync(table, [new TableTransactionAction(TableTransactionActionType.Add, ToEntity(run))], [work], cancellationToken);
        return run with { ETag = response.Value[0].Headers.ETag?.ToString() };
    }

    public async Task<MatchingRun?> GetAsync(string eventId, string runId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId) || !Ids.IsValid(runId))
        {
            return null;
        }

        var table = await Table(cancellationToken);
        var entity = await table.GetEntityOrNullAsync(eventId, MatchingRunRow.RowKey(runId), cancellationToken: cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    /// <summary>Replaces the run row if it has not changed since read; the returned run carries the new ETag, null when stale.</summary>
    public async Task<MatchingRun?> UpdateAsync(MatchingRun run, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        try
        {
            var etag = await table.UpdateEntityAsync(ToEntity(run), new ETag(run.ETag!), TableUpdateMode.Replace, cancellationToken);
            return run with { ETag = etag.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes or renews the event's run lock for <paramref name="holder"/> (<see cref="LockHolder"/>: one delivery of
    /// one run) until <paramref name="leaseUntil"/>. The lock is free when absent, held by this same holder (a
    /// renewal), its lease has expired (its holder crashed), or its holder's run has finished. Two deliveries of the
    /// same run are different holders, so a duplicate message cannot run beside the original. Races are settled by
    /// storage: create-only insert or ETag-guarded replace; the loser re-reads.
    /// </summary>
    public async Task<RunLockResult> AcquireLockAsync(
        string eventId, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var wanted = new TableEntity(eventId, MatchingRunRow.LockRowKey)
        {
            [MatchingRunRow.Holder] = holder,
            [MatchingRunRow.LeaseUntil] = leaseUntil,
        };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await table.GetEntityOrNullAsync(eventId, MatchingRunRow.LockRowKey, cancellationToken: cancellationToken);
            try
            {
                if (current is null)
                {
                    await table.AddEntityAsync(wanted, cancellationToken);
                    return RunLockResult.Acquired;
                }

                var held = current.GetString(MatchingRunRow.Holder);
                var lease = current.GetDateTimeOffset(MatchingRunRow.LeaseUntil) ?? DateTimeOffset.MinValue;
                if (held != holder && lease > now && !await IsFinishedAsync(eventId, held, cancellationToken))
                {
                    return RunLockResult.Busy;
                }

                await table.UpdateEntityAsync(wanted, current.ETag, TableUpdateMode.Replace, cancellationToken);
                return RunLockResult.Acquired;
            }
            catch (RequestFailedException e) when (e.Status is StorageStatus.Conflict or StorageStatus.PreconditionFailed)
            {
                // Someone else created or changed the lock between our read and write: read again.
            }
        }

        return RunLockResult.Busy;
    }

    // A finished holder whose release was lost (crash after its last write) must not block the event for a lease.
    private async Task<bool> IsFinishedAsync(string eventId, string? holder, CancellationToken cancellationToken) =>
        holder is not null && await GetAsync(eventId, RunOf(holder), cancellationToken) is { IsFinished: true };

    /// <summary>The lock holder for one delivery of a run: <c>{runId}:{random}</c>.</summary>
    public static string LockHolder(string runId) => $"{runId}:{Ids.New()}";

    /// <summary>The run id of a lock holder.</summary>
    public static string RunOf(string holder) => holder.Split(':')[0];

    /// <summary>Who holds the event's lock and until when; null when nobody does.</summary>
    public async Task<(string Holder, DateTimeOffset LeaseUntil)?> GetLockAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var current = await table.GetEntityOrNullAsync(eventId, MatchingRunRow.LockRowKey, cancellationToken: cancellationToken);
        return current is null ? null
            : (current.GetString(MatchingRunRow.Holder) ?? "", current.GetDateTimeOffset(MatchingRunRow.LeaseUntil) ?? DateTimeOffset.MinValue);
    }

    /// <summary>Releases the lock if <paramref name="holder"/> still holds it (ETag-guarded delete); otherwise leaves it.</summary>
    public async Task ReleaseLockAsync(string eventId, string holder, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var current = await table.GetEntityOrNullAsync(eventId, MatchingRunRow.LockRowKey, cancellationToken: cancellationToken);
        if (current is null || current.GetString(MatchingRunRow.Holder) != holder)
        {
            return;
        }

        try
        {
            await table.DeleteEntityAsync(eventId, MatchingRunRow.LockRowKey, current.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            // Taken over after our lease expired: it is no longer ours to release.
        }
    }

    private static TableEntity ToEntity(MatchingRun run)
    {
        var entity = new TableEntity(run.EventId, MatchingRunRow.RowKey(run.Id))
        {
            [MatchingRunRow.RunId] = run.Id,
            [MatchingRunRow.Status] = run.Status,
            [MatchingRunRow.DryRun] = run.DryRun,
            [MatchingRunRow.Fairness] = run.Fairness,
            [MatchingRunRow.CreatedAt] = run.CreatedAt,
            [MatchingRunRow.StartedAt] = run.StartedAt,
            [MatchingRunRow.FinishedAt] = run.FinishedAt,
            [MatchingRunRow.Metrics] = run.Metrics is null ? null : JsonSerializer.Serialize(run.Metrics, Json),
            [MatchingRunRow.Planned] = run.Planned,
            [MatchingRunRow.Published] = run.Published,
            [MatchingRunRow.Conflicts] = run.Conflicts,
            [MatchingRunRow.Attempts] = run.Attempts,
            [MatchingRunRow.Error] = run.Error,
        };
        return entity;
    }

    private static MatchingRun FromEntity(TableEntity e)
    {
        var metrics = e.GetString(MatchingRunRow.Metrics);
        return new MatchingRun(
            e.PartitionKey,
            e.GetString(MatchingRunRow.RunId) ?? e.RowKey[MatchingRunRow.RunPrefix.Length..],
            e.GetString(MatchingRunRow.Status) ?? MatchingRunStatus.Queued,
            e.GetBoolean(MatchingRunRow.DryRun) ?? false,
            e.GetDateTimeOffset(MatchingRunRow.CreatedAt) ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset(MatchingRunRow.StartedAt),
            e.GetDateTimeOffset(MatchingRunRow.FinishedAt),
            string.IsNullOrEmpty(metrics) ? null : JsonSerializer.Deserialize<RunMetrics>(metrics, Json),
            e.GetInt32(MatchingRunRow.Planned) ?? 0,
            e.GetInt32(MatchingRunRow.Published) ?? 0,
            e.GetInt32(MatchingRunRow.Conflicts) ?? 0,
            e.GetInt32(MatchingRunRow.Attempts) ?? 0,
            e.GetString(MatchingRunRow.Error),
            e.ETag.ToString(),
            e.GetString(MatchingRunRow.Fairness) ?? RunFairness.None);
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) =>
        tables.GetAsync(MatchingRunRow.TableName, cancellationToken);
}
