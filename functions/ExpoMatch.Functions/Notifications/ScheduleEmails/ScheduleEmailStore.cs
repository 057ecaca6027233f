using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>What the participant was last sent (schedule emails only), read from <c>EmailState</c>.</summary>
public sealed record ParticipantEmailState(
    int? LastVersion,
    IReadOnlyList<ShownMeeting> Shown,
    string? EmailHash,
    string? Status,
    string? LastOutboxKey,
    DateTimeOffset? ClaimedAt,
    ETag ETag);

/// <summary>The outcome of claiming an outbox row: owned (send it) or held by someone else (stop).</summary>
public sealed record OutboxClaim(bool Owned, ETag ETag, TableEntity Row);

/// <summary>
/// The outbox, the per-participant email state, suppressions and organiser sends. Every write that decides who sends
/// is create-only or ETag-guarded; the rest are idempotent merges.
/// </summary>
public sealed class ScheduleEmailStore(RegistrationTables tables)
{
    /// <summary>After this many transient failures the outbox row is failed for good (the queue gives up at 5 dequeues anyway).</summary>
    public const int MaxAttempts = 10;

    public Task<TableClient> OutboxAsync(CancellationToken cancellationToken) => tables.GetAsync(ScheduleEmailRows.OutboxTable, cancellationToken);

    public Task<TableClient> StateAsync(CancellationToken cancellationToken) => tables.GetAsync(ScheduleEmailRows.StateTable, cancellationToken);

    public Task<TableClient> WebhookEventsAsync(CancellationToken cancellationToken) => tables.GetAsync(ScheduleEmailRows.EventsTable, cancellationToken);

    public async Task<ParticipantEmailState?> GetStateAsync(string eventId, string participantId, CancellationToken cancellationToken)
    {
        var table = await StateAsync(cancellationToken);
        var entity = await table.GetEntityOrNullAsync(eventId, ScheduleEmailRows.ParticipantStateKey(participantId), cancellationToken: cancellationToken);
        return entity is null ? null : ToState(entity);
    }

    public static ParticipantEmailState ToState(TableEntity entity) => new(
        entity.GetInt32(ScheduleEmailRows.LastVersion),
        ScheduleVersion.Deserialize(entity.GetString(ScheduleEmailRows.Shown)),
        entity.GetString(ScheduleEmailRows.EmailHash),
        entity.GetString(ScheduleEmailRows.Status),
        entity.GetString(ScheduleEmailRows.LastOutboxKey),
        entity.GetDateTimeOffset(ScheduleEmailRows.ClaimedAt),
        entity.ETag);

    public async Task<bool> IsSuppressedAsync(string eventId, string emailHash, CancellationToken cancellationToken)
    {
        var table = await StateAsync(cancellationToken);
        return await table.GetEntityOrNullAsync(eventId, ScheduleEmailRows.SuppressionKey(emailHash), [ScheduleEmailRows.Status], cancellationToken) is not null;
    }

    public async Task SuppressAsync(string eventId, string emailHash, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await StateAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(eventId, ScheduleEmailRows.SuppressionKey(emailHash))
        {
            [ScheduleEmailRows.Status] = reason,
            [ScheduleEmailRows.UpdatedAt] = now,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Inserts the outbox row create-only: whoever inserts it owns the email. If it exists, only a row left in
    /// <see cref="OutboxStatus.Retry"/> can be taken over, by one caller (ETag), to send the same email again.
    /// </summary>
    public async Task<OutboxClaim> ClaimAsync(TableEntity row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await OutboxAsync(cancellationToken);
        try
        {
            var added = await table.AddEntityAsync(row, cancellationToken);
            return new OutboxClaim(true, added.Headers.ETag.GetValueOrDefault(), row);
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.Conflict)
        {
            var existing = await table.GetEntityOrNullAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
            if (existing is null || existing.GetString(ScheduleEmailRows.Status) != OutboxStatus.Retry)
            {
                // Gone (never deleted, so a race with nothing) or owned by another send: stop.
                return new OutboxClaim(false, default, existing ?? row);
            }

            var attempts = (existing.GetInt32(ScheduleEmailRows.Attempts) ?? 1) + 1;
            var update = new TableEntity(existing.PartitionKey, existing.RowKey)
            {
                [ScheduleEmailRows.Status] = OutboxStatus.Sending,
                [ScheduleEmailRows.Attempts] = attempts,
                [ScheduleEmailRows.UpdatedAt] = now,
            };
            try
            {
                var updated = await table.UpdateEntityAsync(update, existing.ETag, TableUpdateMode.Merge, cancellationToken);
                return new OutboxClaim(true, updated.Headers.ETag.GetValueOrDefault(), existing);
            }
            catch (RequestFailedException stale) when (stale.Status == StorageStatus.PreconditionFailed)
            {
                return new OutboxClaim(false, default, existing);
            }
        }
    }

    /// <summary>Unconditional merge: sending -> sent is the only way forward, and the webhook may have got there first.</summary>
    public async Task MarkSentAsync(TableEntity row, string? providerMessageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await OutboxAsync(cancellationToken);
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [ScheduleEmailRows.Status] = OutboxStatus.Sent,
            [ScheduleEmailRows.UpdatedAt] = now,
        };
        if (providerMessageId is not null)
        {
            update[ScheduleEmailRows.ProviderMessageId] = providerMessageId;
        }

        await table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Records a failed attempt with the claim's ETag; false when the row moved on meanwhile.</summary>
    public async Task<bool> MarkFailedAttemptAsync(OutboxClaim claim, bool transient, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await OutboxAsync(cancellationToken);
        var attempts = claim.Row.GetInt32(ScheduleEmailRows.Attempts) ?? 1;
        var retry = transient && attempts < MaxAttempts;
        var update = new TableEntity(claim.Row.PartitionKey, claim.Row.RowKey)
        {
            [ScheduleEmailRows.Status] = retry ? OutboxStatus.Retry : OutboxStatus.Failed,
            [ScheduleEmailRows.Error] = error,
            [ScheduleEmailRows.UpdatedAt] = now,
        };
        try
        {
            await table.UpdateEntityAsync(update, claim.ETag, TableUpdateMode.Merge, cancellationToken);
            return retry;
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes the participant's state say this schedule email was sent (what it showed, its version), unless a later
    /// claim was recorded already. Called by the job after sending and by the webhook when it reconciles.
    /// </summary>
    public async Task ApplySentAsync(TableEntity outboxRow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (outboxRow.GetString(ScheduleEmailRows.Kind) != ScheduleEmailKinds.Schedule
            || outboxRow.GetString(ScheduleEmailRows.ParticipantId) is not { } participantId)
        {
            return;
        }

        var table = await StateAsync(cancellationToken);
        var claimedAt = outboxRow.GetDateTimeOffset(ScheduleEmailRows.ClaimedAt) ?? now;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await GetStateAsync(outboxRow.PartitionKey, participantId, cancellationToken);
            if (current is not null && (current.LastOutboxKey == outboxRow.RowKey || current.ClaimedAt > claimedAt))
            {
                return;
            }

            var state = new TableEntity(outboxRow.PartitionKey, ScheduleEmailRows.ParticipantStateKey(participantId))
            {
                [ScheduleEmailRows.LastVersion] = outboxRow.GetInt32(ScheduleEmailRows.Version) ?? 0,
                [ScheduleEmailRows.Shown] = outboxRow.GetString(ScheduleEmailRows.Shown) ?? "[]",
                [ScheduleEmailRows.EmailHash] = outboxRow.GetString(ScheduleEmailRows.EmailHash) ?? "",
                [ScheduleEmailRows.Status] = outboxRow.GetString(ScheduleEmailRows.Delivery) ?? OutboxStatus.Sent,
                [ScheduleEmailRows.LastOutboxKey] = outboxRow.RowKey,
                [ScheduleEmailRows.ClaimedAt] = claimedAt,
                [ScheduleEmailRows.UpdatedAt] = now,
            };
            if (await TryWriteStateAsync(table, state, current, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The schedule changed in a way the participant cannot see (a meeting booked and cancelled between two emails):
    /// remember the version so the timer stops asking, without sending anything.
    /// </summary>
    public async Task AdvanceVersionAsync(string eventId, string participantId, ParticipantEmailState? current, int version,
        string emailHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await StateAsync(cancellationToken);
        var state = new TableEntity(eventId, ScheduleEmailRows.ParticipantStateKey(participantId))
        {
            [ScheduleEmailRows.LastVersion] = version,
            [ScheduleEmailRows.Shown] = ScheduleVersion.Serialize(current?.Shown ?? []),
            [ScheduleEmailRows.EmailHash] = emailHash,
            [ScheduleEmailRows.Status] = current?.Status ?? "",
            [ScheduleEmailRows.LastOutboxKey] = current?.LastOutboxKey ?? "",
            [ScheduleEmailRows.ClaimedAt] = current?.ClaimedAt ?? now,
            [ScheduleEmailRows.UpdatedAt] = now,
        };
        await TryWriteStateAsync(table, state, current, cancellationToken);
    }

    /// <summary>The webhook's news about the participant's latest email (only if it still is the latest).</summary>
    public async Task SetLastStatusAsync(string eventId, string participantId, string outboxKey, string status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await StateAsync(cancellationToken);
        var current = await table.GetEntityOrNullAsync(eventId, ScheduleEmailRows.ParticipantStateKey(participantId), cancellationToken: cancellationToken);
        if (current is null || current.GetString(ScheduleEmailRows.LastOutboxKey) != outboxKey)
        {
            return;
        }

        try
        {
            await table.UpdateEntityAsync(new TableEntity(eventId, current.RowKey)
            {
                [ScheduleEmailRows.Status] = status,
                [ScheduleEmailRows.UpdatedAt] = now,
            }, current.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            // A newer email was recorded meanwhile; this news is about an older one.
        }
    }

    public async Task RecordSendMemberAsync(string eventId, string sendId, string participantId, string outcome, string? outboxKey, CancellationToken cancellationToken)
    {
        var table = await StateAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(eventId, ScheduleEmailRows.SendMemberKey(sendId, participantId))
        {
            [ScheduleEmailRows.Outcome] = outcome,
            [ScheduleEmailRows.OutboxKey] = outboxKey ?? "",
        }, TableUpdateMode.Merge, cancellationToken); // keeps the member's ParticipantKind, written by the fan-out
    }

    private static async Task<bool> TryWriteStateAsync(TableClient table, TableEntity state, ParticipantEmailState? current, CancellationToken cancellationToken)
    {
        try
        {
            if (current is null)
            {
                await table.AddEntityAsync(state, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(state, current.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.Conflict or StorageStatus.PreconditionFailed)
        {
            return false;
        }
    }
}
