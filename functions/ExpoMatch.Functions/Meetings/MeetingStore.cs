using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Meetings;

/// <summary>A meeting row as read back (see <see cref="MeetingRow"/> for the columns).</summary>
public sealed record BookedMeeting(
    string EventId, string MeetingId, string VisitorId, string ExhibitorId, int Slot, int Table, string Status, int Sequence,
    string Mode = MeetingModes.Onsite)
{
    public bool IsOnline => Mode == MeetingModes.Online;

    public static BookedMeeting FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetString(MeetingRow.MeetingId) ?? e.RowKey[MeetingRow.RowKeyPrefix.Length..],
        e.GetString(MeetingRow.VisitorId) ?? "",
        e.GetString(MeetingRow.ExhibitorId) ?? "",
        e.GetInt32(MeetingRow.Slot) ?? -1,
        e.GetInt32(MeetingRow.Table) ?? 1,
        e.GetString(MeetingRow.Status) ?? MeetingStatus.Booked,
        e.GetInt32(MeetingRow.Sequence) ?? 0,
        e.GetString(MeetingRow.Mode) ?? MeetingModes.Onsite);
}

/// <summary>Reads the meetings the matcher booked, for schedules and exports.</summary>
public sealed class MeetingStore(RegistrationTables tables)
{
    /// <summary>The participant's meetings, in slot order: the event's meeting rows filtered on the participant.</summary>
    public async Task<List<BookedMeeting>> ListForAsync(string eventId, ParticipantKind kind, string participantId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MeetingRow.TableName, cancellationToken);
        var column = kind == ParticipantKind.Visitor ? MeetingRow.VisitorId : MeetingRow.ExhibitorId;
        var filter = TableQueries.And(
            TableQueries.RowKeyStartsWith(eventId, MeetingRow.RowKeyPrefix),
            TableQueries.Equal(column, participantId));
        var meetings = new List<BookedMeeting>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            meetings.Add(BookedMeeting.FromEntity(entity));
        }

        return [.. meetings.OrderBy(m => m.Slot).ThenBy(m => m.MeetingId, StringComparer.Ordinal)];
    }
}
