using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Reads meeting rows for the matcher: one query each, filtered by the service, so handling one message reads only
/// the two parties' meetings rather than the whole event.
/// </summary>
public sealed class MeetingLedger(RegistrationTables tables)
{
    /// <summary>Every meeting row (any status) of the visitor or of the exhibitor: their occupancy and quota tokens.</summary>
    public Task<List<MeetingRecord>> ListForPartiesAsync(string eventId, string visitorId, string exhibitorId, CancellationToken cancellationToken) =>
        QueryAsync(TableQueries.And(
            TableQueries.RowKeyStartsWith(eventId, MeetingRow.RowKeyPrefix),
            TableQueries.Or(TableQueries.Equal(MeetingRow.VisitorId, visitorId),
                TableQueries.Equal(MeetingRow.ExhibitorId, exhibitorId))), cancellationToken);

    public Task<List<MeetingRecord>> ListForParticipantAsync(string eventId, ParticipantKind kind, string participantId, CancellationToken cancellationToken) =>
        QueryAsync(TableQueries.And(
            TableQueries.RowKeyStartsWith(eventId, MeetingRow.RowKeyPrefix),
            TableQueries.Equal(kind == ParticipantKind.Visitor ? MeetingRow.VisitorId : MeetingRow.ExhibitorId, participantId)),
            cancellationToken);

    /// <summary>Every meeting (all generations) of one pair: a row-key range.</summary>
    public Task<List<MeetingRecord>> ListForPairAsync(string eventId, string visitorId, string exhibitorId, CancellationToken cancellationToken) =>
        QueryAsync(TableQueries.RowKeyStartsWith(eventId, MeetingRow.PairMeetingsPrefix(visitorId, exhibitorId)), cancellationToken);

    public Task<List<MeetingRecord>> ListAllAsync(string eventId, CancellationToken cancellationToken) =>
        QueryAsync(TableQueries.RowKeyStartsWith(eventId, MeetingRow.RowKeyPrefix), cancellationToken);

    private async Task<List<MeetingRecord>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MeetingRow.TableName, cancellationToken);
        var result = new List<MeetingRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(MeetingRecord.FromEntity(entity));
        }

        return result;
    }
}
