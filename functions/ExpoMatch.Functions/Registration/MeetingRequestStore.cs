using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// The <c>Requests</c> table (ADR-001): PartitionKey = event id, RowKey = <c>request~{visitorId}~{exhibitorId}</c>.
/// The matcher reads <see cref="Status"/> and <see cref="Priority"/> through <see cref="FromEntity"/>.
/// </summary>
public static class RequestRow
{
    public const string Prefix = "request~";
    public const string PrefixEnd = "request\u007f";

    // Property names.
    public const string VisitorId = "VisitorId";
    public const string ExhibitorId = "ExhibitorId";
    /// <summary>One of <see cref="MeetingRequestStatus"/>.</summary>
    public const string Status = "Status";
    /// <summary>Int32, 1 (most wanted) to 3.</summary>
    public const string Priority = "Priority";
    public const string Note = "Note";
    public const string CreatedAt = "CreatedAt";
    public const string UpdatedAt = "UpdatedAt";
    /// <summary>Set by the matcher (<see cref="MeetingRequestPlacement"/>); absent when nothing to report.</summary>
    public const string Placement = "Placement";

    public static string RowKey(string visitorId, string exhibitorId) => $"{Prefix}{visitorId}~{exhibitorId}";

    public static TableEntity ToEntity(MeetingRequest r) => new(r.EventId, RowKey(r.VisitorId, r.ExhibitorId))
    {
        [VisitorId] = r.VisitorId,
        [ExhibitorId] = r.ExhibitorId,
        [Status] = r.Status,
        [Priority] = r.Priority,
        [Note] = r.Note,
        [CreatedAt] = r.CreatedAt,
        [UpdatedAt] = r.UpdatedAt,
    };

    public static MeetingRequest FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetString(VisitorId) ?? "",
        e.GetString(ExhibitorId) ?? "",
        e.GetString(Status) ?? MeetingRequestStatus.Cancelled,
        e.GetInt32(Priority) ?? 2,
        e.GetString(Note),
        e.GetDateTimeOffset(CreatedAt) ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset(UpdatedAt) ?? DateTimeOffset.MinValue,
        e.ETag.ToString(),
        string.IsNullOrEmpty(e.GetString(Placement)) ? null : e.GetString(Placement));
}

/// <summary>Meeting requests: one row per (visitor, exhibitor) pair, changed only with its ETag.</summary>
public sealed class MeetingRequestStore(RegistrationTables tables, PendingWorkDelivery pendingWork)
{
    public async Task<MeetingRequest?> GetAsync(string eventId, string visitorId, string exhibitorId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var entity = await table.GetEntityOrNullAsync(eventId, RequestRow.RowKey(visitorId, exhibitorId), cancellationToken: cancellationToken);
        return entity is null ? null : RequestRow.FromEntity(entity);
    }

    /// <summary>Inserts a new request; false when the pair already has one (a concurrent first request won).</summary>
    public async Task<bool> AddAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        try
        {
            await table.AddEntityAsync(RequestRow.ToEntity(request), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.Conflict)
        {
            return false;
        }
    }

    /// <summary>Replaces the request if it has not changed since read; false when it has (read again and retry).</summary>
    public async Task<bool> UpdateAsync(MeetingRequest request, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(RequestRow.ToEntity(request), new ETag(request.ETag!), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces the request if it has not changed since read and records <paramref name="work"/> in the same
    /// transaction (ADR-004), then delivers the work without the caller's token; false when stale.
    /// </summary>
    public async Task<bool> UpdateAsync(MeetingRequest request, PendingWork work, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        try
        {
            await pendingWork.SubmitAsync(table,
                [new TableTransactionAction(TableTransactionActionType.UpdateReplace, RequestRow.ToEntity(request), new ETag(request.ETag!))],
                [work], cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// A withdrawn participant's requests: open ones (pending, accepted) become cancelled and every note is erased.
    /// Idempotent; called by the withdrawal itself and again by the matcher's withdrawal work, which is never lost.
    /// </summary>
    public async Task CloseForWithdrawalAsync(string eventId, ParticipantKind kind, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var listed in await ListForAsync(eventId, kind, id, cancellationToken))
        {
            var request = listed;
            for (var attempt = 0; attempt < 3 && request is not null; attempt++)
            {
                var open = request.Status is MeetingRequestStatus.Pending or MeetingRequestStatus.Accepted;
                if (!open && request.Note is null)
                {
                    break;
                }

                var erased = request with { Status = open ? MeetingRequestStatus.Cancelled : request.Status, Note = null, UpdatedAt = now };
                if (await UpdateAsync(erased, cancellationToken))
                {
                    break;
                }

                request = await GetAsync(eventId, request.VisitorId, request.ExhibitorId, cancellationToken);
            }
        }
    }

    /// <summary>Requests the visitor sent: a row-key range, the cheap direction.</summary>
    public Task<List<MeetingRequest>> ListSentAsync(string eventId, string visitorId, CancellationToken cancellationToken) =>
        QueryAsync(TableQueries.RowKeyStartsWith(eventId, $"{RequestRow.Prefix}{visitorId}~"), cancellationToken);

    /// <summary>Requests an exhibitor received: the event's requests filtered on the exhibitor (one partition scan).</summary>
    public Task<List<MeetingRequest>> ListReceivedAsync(string eventId, string exhibitorId, CancellationToken cancellationToken) =>
        QueryAsync(TableQueries.And(
            TableQueries.RowKeyStartsWith(eventId, RequestRow.Prefix),
            TableQueries.Equal(RequestRow.ExhibitorId, exhibitorId)), cancellationToken);

    public Task<List<MeetingRequest>> ListForAsync(string eventId, ParticipantKind kind, string id, CancellationToken cancellationToken) =>
        kind == ParticipantKind.Visitor ? ListSentAsync(eventId, id, cancellationToken) : ListReceivedAsync(eventId, id, cancellationToken);

    /// <summary>
    /// Removes the note (the one free text a request holds) from every request of the event that still has one, in
    /// transactions of up to 100 requests. A request changed meanwhile keeps its note until the next call, which finds
    /// it again: the query selects exactly the requests still to do, so calls resume where one stopped.
    /// </summary>
    public async Task<int> EraseNotesAsync(string eventId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey gt {RequestRow.Prefix} and RowKey lt {RequestRow.PrefixEnd} and Note ne {""}");
        var erased = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 100, cancellationToken: cancellationToken).AsPages(pageSizeHint: 100))
        {
            // The stored row minus its note (everything else, the matcher's Placement included, kept as it is).
            var actions = page.Values.Select(row =>
            {
                row.Remove(RequestRow.Note);
                row[RequestRow.UpdatedAt] = now;
                return new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag);
            }).ToList();
            if (actions.Count == 0)
            {
                continue;
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                erased += actions.Count;
            }
            catch (RequestFailedException e) when (e.Status == StorageStatus.PreconditionFailed)
            {
                // A request changed under us: this page is left for the next run.
            }
        }

        return erased;
    }

    private async Task<List<MeetingRequest>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var result = new List<MeetingRequest>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(RequestRow.FromEntity(entity));
        }

        return result;
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) =>
        tables.GetAsync(RegistrationTables.Requests, cancellationToken);
}
