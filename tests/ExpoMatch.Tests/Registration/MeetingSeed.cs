using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;

namespace ExpoMatch.Tests.Registration;

/// <summary>Books meetings the way the matcher does (ADR-001): the meeting row and its three reservations in one transaction.</summary>
public static class MeetingSeed
{
    public static async Task BookAsync(RegistrationApp app, string eventId, string meetingId, string visitorId, string exhibitorId,
        int slot, int table, string status = MeetingStatus.Booked)
    {
        var meetings = app.Table(MeetingRow.TableName);
        await meetings.CreateIfNotExistsAsync();
        await meetings.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.RowKey(meetingId))
            {
                [MeetingRow.MeetingId] = meetingId,
                [MeetingRow.VisitorId] = visitorId,
                [MeetingRow.ExhibitorId] = exhibitorId,
                [MeetingRow.Slot] = slot,
                [MeetingRow.Table] = table,
                [MeetingRow.Status] = status,
                [MeetingRow.Sequence] = 0,
                [MeetingRow.RequestId] = "",
                [MeetingRow.Reasons] = "[]",
            }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.VisitorBusyRowKey(slot, visitorId))),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.TableBusyRowKey(slot, exhibitorId, table))),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.PairRowKey(visitorId, exhibitorId))),
        ]);
    }
}
