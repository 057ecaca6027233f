using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// The matcher's marks on request rows (<see cref="RequestRow.Placement"/>): set and cleared with a Merge under the
/// ETag it read, so a mark never lands on a request a participant changed meanwhile (their change brings its own
/// message).
/// </summary>
public sealed class UnplacedRequests(RegistrationTables tables)
{
    public Task MarkAsync(MeetingRequest request, CancellationToken cancellationToken) =>
        request.Placement == MeetingRequestPlacement.Unplaced
            ? Task.CompletedTask
            : SetAsync(request, MeetingRequestPlacement.Unplaced, cancellationToken);

    public Task ClearAsync(MeetingRequest request, CancellationToken cancellationToken) =>
        request.Placement is null ? Task.CompletedTask : SetAsync(request, "", cancellationToken);

    /// <summary>The party's accepted requests marked unplaced, most wanted (priority 1) and oldest first.</summary>
    public async Task<List<MeetingRequest>> ListAsync(string eventId, ParticipantKind kind, string participantId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Requests, cancellationToken);
        var marked = TableQueries.And(
            TableQueries.Equal(RequestRow.Placement, MeetingRequestPlacement.Unplaced),
            TableQueries.Equal(RequestRow.Status, MeetingRequestStatus.Accepted));
        var filter = kind == ParticipantKind.Visitor
            ? TableQueries.And(TableQueries.RowKeyStartsWith(eventId, $"{RequestRow.Prefix}{participantId}~"), marked)
            : TableQueries.And(TableQueries.RowKeyStartsWith(eventId, RequestRow.Prefix),
                TableQueries.Equal(RequestRow.ExhibitorId, participantId), marked);
        var result = new List<MeetingRequest>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(RequestRow.FromEntity(entity));
        }

        return [.. result.OrderBy(r => r.Priority).ThenBy(r => r.UpdatedAt)];
    }

    private async Task SetAsync(MeetingRequest request, string placement, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Requests, cancellationToken);
        var entity = new TableEntity(request.EventId, RequestRow.RowKey(request.VisitorId, request.ExhibitorId))
        {
            [RequestRow.Placement] = placement,
        };
        try
        {
            await table.UpdateEntityAsync(entity, new ETag(request.ETag!), TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            // Changed since read: the participant's change is followed by its own message, which re-decides.
        }
    }
}
