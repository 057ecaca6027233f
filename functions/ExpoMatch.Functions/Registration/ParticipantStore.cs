using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Registration;

/// <summary>What a write to a participant came to.</summary>
public enum ParticipantWrite
{
    Done,
    /// <summary>The email is held by another participant of the event (its guard row exists).</summary>
    EmailTaken,
    /// <summary>The row changed since it was read (ETag); read again and retry.</summary>
    Stale,
    /// <summary>The booth code is held by another exhibitor of the event (its guard row exists).</summary>
    BoothTaken,
}

/// <summary>An active participant as the mailers list them: no personal data beyond the email's hash.</summary>
public sealed record ActiveParticipant(string Id, ParticipantKind Kind, string EmailHash);

/// <summary>
/// Participants and their email guards. Every write that touches the guard is one entity group transaction in the
/// event's partition, so a duplicate email can never leave a participant behind, nor a participant lose its guard.
/// </summary>
public sealed class ParticipantStore(RegistrationTables tables, PendingWorkDelivery pendingWork)
{
    public async Task<ParticipantWrite> RegisterAsync(Participant participant, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, ParticipantRow.ToEntity(participant)),
            new(TableTransactionActionType.Add, ParticipantRow.EmailGuard(participant)),
        };
        if (participant.BoothHash is { } booth)
        {
            actions.Add(new(TableTransactionActionType.Add, ParticipantRow.BoothGuard(participant.EventId, booth, participant.Id)));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return ParticipantWrite.Done;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == StorageStatus.Conflict)
        {
            // Index 2 is the booth guard, 1 the email guard. Index 0, the new id itself, is taken only when this very
            // registration already landed: the SDK retried a try that timed out after the store had applied it.
            if (ex.FailedTransactionActionIndex == 0 && await IsStoredAsync(participant, cancellationToken))
            {
                return ParticipantWrite.Done;
            }

            return ex.FailedTransactionActionIndex == 2 ? ParticipantWrite.BoothTaken : ParticipantWrite.EmailTaken;
        }
    }

    /// <summary>Whether the row under the participant's (random) id is this registration: same token hash.</summary>
    private async Task<bool> IsStoredAsync(Participant participant, CancellationToken cancellationToken) =>
        await GetAsync(participant.EventId, participant.Kind, participant.Id, cancellationToken) is { } stored
        && string.Equals(stored.TokenHash, participant.TokenHash, StringComparison.Ordinal);

    /// <summary>The participant holding <paramref name="emailHash"/> in the event (through its email guard), if any.</summary>
    public async Task<Participant?> FindByEmailAsync(string eventId, string emailHash, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var guard = await table.GetEntityOrNullAsync(eventId, ParticipantRow.EmailGuardRowKey(emailHash), cancellationToken: cancellationToken);
        return guard?.GetString(ParticipantRow.ParticipantId) is { } id && ParticipantKinds.TryParse(guard.GetString(ParticipantRow.Kind), out var kind)
            ? await GetAsync(eventId, kind, id, cancellationToken)
            : null;
    }

    public async Task<Participant?> GetAsync(string eventId, ParticipantKind kind, string id, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId) || !Ids.IsValid(id))
        {
            return null;
        }

        var table = await Table(cancellationToken);
        var entity = await table.GetEntityOrNullAsync(eventId, ParticipantRow.RowKey(kind, id), cancellationToken: cancellationToken);
        return entity is null ? null : ParticipantRow.FromEntity(entity);
    }

    /// <summary>
    /// Replaces the profile (ETag-guarded); a changed email or booth code moves its guard in the same transaction, so
    /// an old code is freed exactly when the new one is taken.
    /// </summary>
    public async Task<ParticipantWrite> UpdateAsync(Participant current, Participant updated, CancellationToken cancellationToken) =>
        await UpdateAsync(current, updated, work: null, cancellationToken);

    /// <summary>
    /// As <see cref="UpdateAsync(Participant, Participant, CancellationToken)"/>, recording <paramref name="work"/> (if
    /// any) in the same transaction (ADR-004) and delivering it without the caller's token.
    /// </summary>
    public async Task<ParticipantWrite> UpdateAsync(Participant current, Participant updated, PendingWork? work, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var etag = new ETag(current.ETag!);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ParticipantRow.ToEntity(updated), etag),
        };
        if (updated.EmailHash != current.EmailHash)
        {
            actions.Add(new(TableTransactionActionType.Add, ParticipantRow.EmailGuard(updated)));
            actions.Add(new(TableTransactionActionType.Delete, ParticipantRow.EmailGuard(current), ETag.All));
        }

        var boothAdded = -1;
        if (updated.BoothHash != current.BoothHash)
        {
            if (updated.BoothHash is { } taken)
            {
                boothAdded = actions.Count;
                actions.Add(new(TableTransactionActionType.Add, ParticipantRow.BoothGuard(updated.EventId, taken, updated.Id)));
            }

            if (current.BoothHash is { } freed)
            {
                actions.Add(new(TableTransactionActionType.Delete, ParticipantRow.BoothGuard(current.EventId, freed, current.Id), ETag.All));
            }
        }

        try
        {
            await pendingWork.SubmitAsync(table, actions, work is null ? [] : [work], cancellationToken);
            return ParticipantWrite.Done;
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            return ParticipantWrite.Stale;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == StorageStatus.Conflict)
        {
            return ex.FailedTransactionActionIndex == boothAdded ? ParticipantWrite.BoothTaken : ParticipantWrite.EmailTaken;
        }
    }

    /// <summary>
    /// Erases the participant (tombstone holding no personal data, email guard freed) and records
    /// <paramref name="work"/>, if any, in the same transaction (ADR-004), then delivers it without the caller's token.
    /// </summary>
    public async Task<ParticipantWrite> EraseAsync(Participant current, DateTimeOffset now, PendingWork? work, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var erase = EraseActions(current, now);
        PendingWork[] works = work is null ? [] : [work];
        try
        {
            await pendingWork.SubmitAsync(table, erase, works, cancellationToken);
            return ParticipantWrite.Done;
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            return ParticipantWrite.Stale;
        }
        catch (TableTransactionFailedException e) when (e.Status == StorageStatus.NotFound && e.FailedTransactionActionIndex >= 1)
        {
            // A guard to free is missing (guards are only ever removed together with the profile, so this means a row
            // written outside this code): erasing the personal data must still happen, and the other guards be freed.
            await pendingWork.SubmitAsync(table, [erase[0]], works, cancellationToken);
            foreach (var guard in erase.Skip(1))
            {
                await table.DeleteEntityAsync(guard.Entity.PartitionKey, guard.Entity.RowKey, ETag.All, cancellationToken);
            }

            return ParticipantWrite.Done;
        }
    }

    /// <summary>At most this many participants are erased in one transaction (up to three actions each, 100 at most).</summary>
    public const int MaxErasedPerTransaction = 33;

    /// <summary>
    /// Erases up to <see cref="MaxErasedPerTransaction"/> participants of one event in one transaction, exactly as
    /// <see cref="EraseAsync"/> erases one (the same tombstone, the same freed email). When the batch fails (one of them
    /// changed or was withdrawn meanwhile) each is erased on its own from a fresh read. Returns how many were erased.
    /// </summary>
    public async Task<int> EraseManyAsync(IReadOnlyList<Participant> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var table = await Table(cancellationToken);
        try
        {
            await table.SubmitTransactionAsync(batch.SelectMany(p => EraseActions(p, now)), cancellationToken);
            return batch.Count;
        }
        catch (RequestFailedException ex) when (ex.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            // Someone changed a profile meanwhile, or a guard is missing: one at a time, each from a fresh read.
        }

        var erased = 0;
        foreach (var participant in batch)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var current = await GetAsync(participant.EventId, participant.Kind, participant.Id, cancellationToken);
                if (current is null || current.IsWithdrawn)
                {
                    break;
                }

                if (await EraseAsync(current, now, work: null, cancellationToken) == ParticipantWrite.Done)
                {
                    erased++;
                    break;
                }
            }
        }

        return erased;
    }

    /// <summary>
    /// One page of up to <paramref name="pageSize"/> participants not yet erased (active, pending or rejected; both
    /// kinds) in row-key order after
    /// <paramref name="afterRowKey"/>, with the last row key read when more may follow.
    /// </summary>
    public async Task<(List<Participant> Items, string? NextRowKey)> ListNotErasedAsync(
        string eventId, string? afterRowKey, int pageSize, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey gt {afterRowKey ?? ""} and (Status eq {ParticipantStatus.Active} or Status eq {ParticipantStatus.Pending} or Status eq {ParticipantStatus.Rejected})");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(pageSizeHint: pageSize))
        {
            // A page may come back short or empty with a continuation (the service stops at partition boundaries).
            var items = page.Values.Select(ParticipantRow.FromEntity).ToList();
            if (items.Count > 0 || page.ContinuationToken is null)
            {
                return (items, page.ContinuationToken is null ? null : ParticipantRow.RowKey(items[^1].Kind, items[^1].Id));
            }
        }

        return ([], null);
    }

    /// <summary>Every active participant of the event, both kinds: id, kind and email hash only (a projection).</summary>
    public async Task<List<ActiveParticipant>> ListActiveAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and Status eq {ParticipantStatus.Active}");
        var result = new List<ActiveParticipant>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["RowKey", ParticipantRow.EmailHash], cancellationToken: cancellationToken))
        {
            if (ParticipantRow.TryParseRowKey(e.RowKey, out var kind, out var id))
            {
                result.Add(new ActiveParticipant(id, kind, e.GetString(ParticipantRow.EmailHash) ?? ""));
            }
        }

        return result;
    }

    /// <summary>
    /// One page of active exhibitors in row-key order after <paramref name="afterRowKey"/>, optionally only those
    /// holding <paramref name="normalisedTag"/>. Returns the last row key examined when more may follow.
    /// </summary>
    public async Task<(List<Participant> Items, string? NextRowKey)> ListExhibitorsAsync(
        string eventId, string? afterRowKey, int pageSize, string? normalisedTag, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var prefix = ParticipantRow.Prefix(ParticipantKind.Exhibitor);
        var from = afterRowKey ?? prefix;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {eventId} and RowKey gt {from} and RowKey lt {"exhibitor\u007f"} and Status eq {ParticipantStatus.Active}");
        var items = new List<Participant>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var participant = ParticipantRow.FromEntity(entity);
            if (normalisedTag is null || participant.NormalisedTags.Contains(normalisedTag, StringComparer.Ordinal))
            {
                items.Add(participant);
                if (items.Count == pageSize)
                {
                    return (items, entity.RowKey);
                }
            }
        }

        return (items, null);
    }

    /// <summary>The profile replaced by its tombstone (ETag-guarded), its email guard and booth guard (if any) deleted.</summary>
    private static List<TableTransactionAction> EraseActions(Participant current, DateTimeOffset now)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ParticipantRow.ToEntity(Tombstone(current, now)), new ETag(current.ETag!)),
            new(TableTransactionActionType.Delete, ParticipantRow.EmailGuard(current), ETag.All),
        };
        if (current.BoothHash is { } booth)
        {
            actions.Add(new(TableTransactionActionType.Delete, ParticipantRow.BoothGuard(current.EventId, booth, current.Id), ETag.All));
        }

        return actions;
    }

    public static Participant Tombstone(Participant p, DateTimeOffset now) => p with
    {
        Status = ParticipantStatus.Withdrawn,
        Name = "",
        Company = "",
        JobTitle = null,
        BoothCode = null,
        BoothHash = null,
        RejectionReason = null,
        Email = "",
        Tags = [],
        NormalisedTags = [],
        Availability = [],
        TokenHash = "",
        RegistrationFingerprint = null,
        UpdatedAt = now,
        WithdrawnAt = now,
    };

    private Task<TableClient> Table(CancellationToken cancellationToken) =>
        tables.GetAsync(RegistrationTables.Participants, cancellationToken);
}
