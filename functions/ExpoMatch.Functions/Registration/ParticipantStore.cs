using Azure;
using Azure.Data.Tables;
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

/// <summary>
/// Participants and their email guards. Every write that touches the guard is one entity group transaction in the
/// event's partition, so a duplicate email can never leave a participant behind, nor a participant lose its guard.
/// </summary>
public sealed class ParticipantStore(RegistrationTables tables)
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
            // Index 2 is the booth guard, 1 the email guard; 0 would be an 80-bit id collision, equally a conflict.
            return ex.FailedTransactionActionIndex == 2 ? ParticipantWrite.BoothTaken : ParticipantWrite.EmailTaken;
        }
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
    public async Task<ParticipantWrite> UpdateAsync(Participant current, Participant updated, CancellationToken cancellationToken)
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
            await table.SubmitTransactionAsync(actions, cancellationToken);
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
    /// Replaces the participant with a tombstone holding no personal data and frees the email, atomically.
    /// </summary>
    public async Task<ParticipantWrite> EraseAsync(Participant current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var tombstone = Tombstone(current, now);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ParticipantRow.ToEntity(tombstone), new ETag(current.ETag!)),
            new(TableTransactionActionType.Delete, ParticipantRow.EmailGuard(current), ETag.All),
        };
        if (current.BoothHash is { } booth)
        {
            actions.Add(new(TableTransactionActionType.Delete, ParticipantRow.BoothGuard(current.EventId, booth, current.Id), ETag.All));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return ParticipantWrite.Done;
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            return ParticipantWrite.Stale;
        }
        catch (TableTransactionFailedException e) when (e.Status == StorageStatus.NotFound && e.FailedTransactionActionIndex >= 1)
        {
            // A guard to free is missing (guards are only ever removed together with the profile, so this means a row
            // written outside this code): erasing the personal data must still happen, and the other guard be freed.
            await table.UpdateEntityAsync(ParticipantRow.ToEntity(tombstone), new ETag(current.ETag!), TableUpdateMode.Replace, cancellationToken);
            foreach (var guard in actions.Skip(1))
            {
                await table.DeleteEntityAsync(guard.Entity.PartitionKey, guard.Entity.RowKey, ETag.All, cancellationToken);
            }

            return ParticipantWrite.Done;
        }
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
        UpdatedAt = now,
        WithdrawnAt = now,
    };

    private Task<TableClient> Table(CancellationToken cancellationToken) =>
        tables.GetAsync(RegistrationTables.Participants, cancellationToken);
}
