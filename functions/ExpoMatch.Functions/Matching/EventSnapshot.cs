using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Matching.Model;

namespace ExpoMatch.Functions.Matching;

/// <summary>
/// One event as the engine sees it: active participants in id order (engine index = position), accepted requests
/// and every meeting row (live ones are fixed; freed ones count toward a pair's next meeting id generation), each
/// read with one single-partition range query.
/// </summary>
public sealed record EventSnapshot(
    ExpoEvent Event,
    IReadOnlyList<Participant> Visitors,
    IReadOnlyList<Participant> Exhibitors,
    IReadOnlyList<MeetingRequest> AcceptedRequests,
    IReadOnlyList<MeetingRecord> Meetings)
{
    public static async Task<EventSnapshot> LoadAsync(ExpoEvent expo, RegistrationTables tables, CancellationToken cancellationToken)
    {
        var participants = await tables.GetAsync(RegistrationTables.Participants, cancellationToken);
        var visitors = await ActiveAsync(participants, expo.Id, ParticipantKind.Visitor, cancellationToken);
        var exhibitors = await ActiveAsync(participants, expo.Id, ParticipantKind.Exhibitor, cancellationToken);

        var requestTable = await tables.GetAsync(RegistrationTables.Requests, cancellationToken);
        var accepted = new List<MeetingRequest>();
        var requestFilter = TableQueries.And(
            TableQueries.RowKeyStartsWith(expo.Id, RequestRow.Prefix),
            TableClient.CreateQueryFilter($"Status eq {MeetingRequestStatus.Accepted}"));
        await foreach (var entity in requestTable.QueryAsync<TableEntity>(requestFilter, cancellationToken: cancellationToken))
        {
            accepted.Add(RequestRow.FromEntity(entity));
        }

        var meetingTable = await tables.GetAsync(MeetingRow.TableName, cancellationToken);
        var meetings = new List<MeetingRecord>();
        var meetingFilter = TableQueries.RowKeyStartsWith(expo.Id, MeetingRow.RowKeyPrefix);
        await foreach (var entity in meetingTable.QueryAsync<TableEntity>(meetingFilter, cancellationToken: cancellationToken))
        {
            meetings.Add(MeetingRecord.FromEntity(entity));
        }

        return new EventSnapshot(expo, visitors, exhibitors, accepted, meetings);
    }

    /// <summary>Active participants of one kind in row-key (= id) order: one range query.</summary>
    public static async Task<List<Participant>> ActiveAsync(
        TableClient participants, string eventId, ParticipantKind kind, CancellationToken cancellationToken)
    {
        var filter = TableQueries.And(
            TableQueries.RowKeyStartsWith(eventId, ParticipantRow.Prefix(kind)),
            TableClient.CreateQueryFilter($"Status eq {ParticipantStatus.Active}"));
        var result = new List<Participant>();
        await foreach (var entity in participants.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ParticipantRow.FromEntity(entity));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    /// <summary>
    /// The engine input. Caps come from the event, tables from the exhibitor, availability windows are mapped onto the
    /// slot grid. Live (booked or proposed) meetings between active participants become fixed meetings; a fixed meeting that no longer
    /// fits a participant's current windows or table count widens them for that one slot/table rather than being
    /// dropped, because a confirmed meeting is never moved and must keep blocking its position. Slots that have started
    /// by <paramref name="now"/> are outside everyone's windows: a run during the show fills the remaining slots only.
    /// </summary>
    public MatchingInput ToInput(DateTimeOffset now)
    {
        var grid = Event.Grid;
        var visitorIndex = Index(Visitors);
        var exhibitorIndex = Index(Exhibitors);
        var visitorMask = Visitors.Select(v => Mask(v.Availability, grid, now)).ToArray();
        var exhibitorMask = Exhibitors.Select(e => Mask(e.Availability, grid, now)).ToArray();
        var tables = Exhibitors.Select(e => Math.Max(1, e.Tables)).ToArray();

        var fixedMeetings = new List<FixedMeeting>();
        foreach (var m in Meetings.Where(m => m.IsLive).OrderBy(m => m.Slot).ThenBy(m => m.MeetingId, StringComparer.Ordinal))
        {
            if (!visitorIndex.TryGetValue(m.VisitorId, out var v) || !exhibitorIndex.TryGetValue(m.ExhibitorId, out var e) ||
                m.Slot < 0 || m.Slot >= grid.Count || m.Table < 1)
            {
                continue;
            }

            visitorMask[v]?[m.Slot] = true;
            exhibitorMask[e]?[m.Slot] = true;
            tables[e] = Math.Max(tables[e], m.Table);
            fixedMeetings.Add(new FixedMeeting(v, e, m.Slot, m.Table - 1));
        }

        var requests = new List<AcceptedRequest>();
        foreach (var r in AcceptedRequests)
        {
            if (visitorIndex.TryGetValue(r.VisitorId, out var v) && exhibitorIndex.TryGetValue(r.ExhibitorId, out var e))
            {
                requests.Add(new AcceptedRequest(v, e, ToPriority(r.Priority), Mutual: false));
            }
        }

        return new MatchingInput(
            grid.Count,
            [.. Visitors.Select((v, i) => new VisitorInput(v.NormalisedTags, Event.MaxMeetingsPerVisitor, Ranges(visitorMask[i])))],
            [.. Exhibitors.Select((x, i) => new ExhibitorInput(x.NormalisedTags, Event.MaxMeetingsPerExhibitor, tables[i], Ranges(exhibitorMask[i])))],
            requests,
            fixedMeetings);
    }

    /// <summary>API priority 1 (most wanted) .. 3 to the engine's High .. Low.</summary>
    public static RequestPriority ToPriority(int priority) => priority switch
    {
        1 => RequestPriority.High,
        3 => RequestPriority.Low,
        _ => RequestPriority.Normal,
    };

    private static Dictionary<string, int> Index(IReadOnlyList<Participant> participants)
    {
        var index = new Dictionary<string, int>(participants.Count, StringComparer.Ordinal);
        for (var i = 0; i < participants.Count; i++)
        {
            index[participants[i].Id] = i;
        }

        return index;
    }

    /// <summary>Slots the participant is available in and that have not started; null means every slot.</summary>
    private static bool[]? Mask(IReadOnlyList<TimeWindow> availability, SlotGrid grid, DateTimeOffset now)
    {
        if (availability.Count == 0 && !grid.AnyStarted(now))
        {
            return null;
        }

        var mask = SlotPicker.Mask(grid, availability);
        for (var s = 0; s < mask.Length; s++)
        {
            mask[s] &= !grid.HasStarted(s, now);
        }

        return mask;
    }

    private static List<SlotRange>? Ranges(bool[]? mask)
    {
        if (mask is null)
        {
            return null;
        }

        var ranges = new List<SlotRange>();
        for (var s = 0; s < mask.Length; s++)
        {
            if (!mask[s])
            {
                continue;
            }

            var from = s;
            while (s + 1 < mask.Length && mask[s + 1])
            {
                s++;
            }

            ranges.Add(new SlotRange(from, s));
        }

        // Windows that cover no slot at all still mean "not available": an empty list would read as "always".
        return ranges.Count == 0 ? [new SlotRange(-1, -1)] : ranges;
    }
}
