using ExpoMatch.Functions.Storage;
using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>
/// Reads an event's rows straight from storage and checks every booking invariant: nobody in two live meetings in one
/// slot, no booth table twice in a slot or beyond the booth's tables, at most one live meeting per pair, caps
/// respected, every live meeting holding exactly its five reservations and every reservation held by a live meeting.
/// </summary>
public sealed record EventRows(List<MeetingRecord> Meetings, List<TableEntity> Reservations, List<Participant> Participants, List<MeetingRequest> Requests)
{
    public List<MeetingRecord> Live => [.. Meetings.Where(m => m.IsLive)];

    public static async Task<EventRows> ReadAsync(RegistrationApp app, string eventId)
    {
        var meetings = new List<MeetingRecord>();
        var reservations = new List<TableEntity>();
        await foreach (var row in app.Table(MeetingRow.TableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}")))
        {
            if (row.RowKey.StartsWith(MeetingRow.RowKeyPrefix, StringComparison.Ordinal))
            {
                meetings.Add(MeetingRecord.FromEntity(row));
            }
            else if (!row.RowKey.StartsWith(Functions.FollowUpWork.PendingWork.RowPrefix, StringComparison.Ordinal)) // a move's email work
            {
                reservations.Add(row);
            }
        }

        var participants = new List<Participant>();
        await foreach (var row in app.Table(RegistrationTables.Participants).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}")))
        {
            if (!ParticipantRow.IsGuard(row.RowKey)
                && !row.RowKey.StartsWith(Functions.FollowUpWork.PendingWork.RowPrefix, StringComparison.Ordinal))
            {
                participants.Add(ParticipantRow.FromEntity(row));
            }
        }

        var requests = new List<MeetingRequest>();
        await app.Table(RegistrationTables.Requests).CreateIfNotExistsAsync(); // an event may have meetings but no request yet
        await foreach (var row in app.Table(RegistrationTables.Requests).QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, RequestRow.Prefix)))
        {
            requests.Add(RequestRow.FromEntity(row));
        }

        return new EventRows(meetings, reservations, participants, requests);
    }

    public void AssertConsistent(int maxPerVisitor, int maxPerExhibitor)
    {
        var live = Live;
        Assert.All(live.GroupBy(m => (m.VisitorId, m.Slot)), g => Assert.Single(g));
        Assert.All(live.GroupBy(m => (m.ExhibitorId, m.Slot, m.Table)), g => Assert.Single(g));
        Assert.All(live.GroupBy(m => (m.VisitorId, m.ExhibitorId)), g => Assert.Single(g));
        Assert.All(live.GroupBy(m => m.VisitorId), g => Assert.True(g.Count() <= maxPerVisitor, $"visitor {g.Key} has {g.Count()} meetings"));
        Assert.All(live.GroupBy(m => m.ExhibitorId), g => Assert.True(g.Count() <= maxPerExhibitor, $"exhibitor {g.Key} has {g.Count()} meetings"));
        var tables = Participants.Where(p => p.Kind == ParticipantKind.Exhibitor).ToDictionary(p => p.Id, p => p.Tables);
        Assert.All(live, m => Assert.InRange(m.Table, 1, tables[m.ExhibitorId]));

        var expected = live.SelectMany(m => m.ReservationRowKeys.Select(k => (Key: k, m.MeetingId))).ToList();
        var actual = Reservations.Select(r => (Key: r.RowKey, MeetingId: r.GetString(MeetingRow.HeldBy) ?? "")).ToList();
        Assert.Equal(expected.Order().ToList(), actual.Order().ToList());
    }

    /// <summary>Every accepted request has its live meeting, or is marked unplaced and truly has no room left.</summary>
    public void AssertAcceptedRequestsSettled(ExpoEvent expo)
    {
        var live = Live;
        var byId = Participants.ToDictionary(p => (p.Kind, p.Id));
        foreach (var request in Requests.Where(r => r.Status == MeetingRequestStatus.Accepted))
        {
            if (live.Any(m => m.VisitorId == request.VisitorId && m.ExhibitorId == request.ExhibitorId))
            {
                continue;
            }

            Assert.True(request.Placement == MeetingRequestPlacement.Unplaced, $"accepted request {request.Id} has no meeting and is not marked unplaced");
            var visitor = byId[(ParticipantKind.Visitor, request.VisitorId)];
            var exhibitor = byId[(ParticipantKind.Exhibitor, request.ExhibitorId)];
            var capped = live.Count(m => m.VisitorId == visitor.Id) >= expo.MaxMeetingsPerVisitor
                || live.Count(m => m.ExhibitorId == exhibitor.Id) >= expo.MaxMeetingsPerExhibitor;
            Assert.True(capped || SlotPicker.Candidates(expo.Grid, visitor, exhibitor, live, DateTimeOffset.MinValue).Count == 0,
                $"request {request.Id} is marked unplaced but a position is free");
        }

        Assert.All(Requests.Where(r => r.Status != MeetingRequestStatus.Accepted), r =>
            Assert.DoesNotContain(live, m => m.VisitorId == r.VisitorId && m.ExhibitorId == r.ExhibitorId && m.RequestId.Length > 0));
    }
}
