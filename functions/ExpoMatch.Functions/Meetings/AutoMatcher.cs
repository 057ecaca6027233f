using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Matching;
using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Scoring;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Proposes meetings from shared interest tags into an autoMatch event's free capacity: the engine scores pairs,
/// selects the best b-matching around the live meetings (fixed, never moved) and places the new ones; each is booked
/// as a <c>proposed</c> meeting with its shared tags as reasons. A pair that already has or had a meeting (any
/// status, so a declined proposal is never proposed again) or a meeting request (the request path owns it) is left out.
/// This reads the whole event, so it runs on its own message (<see cref="AutoMatchRequested"/>), not inside others.
/// </summary>
public sealed class AutoMatcher(RegistrationTables tables, MeetingLedger ledger, MeetingBooker booker, TimeProvider time, ILogger<AutoMatcher> logger)
{
    public async Task<int> ProposeAsync(ExpoEvent expo, CancellationToken cancellationToken)
    {
        var people = await ReadParticipantsAsync(expo.Id, cancellationToken);
        var visitors = people.Where(p => p.Kind == ParticipantKind.Visitor).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var exhibitors = people.Where(p => p.Kind == ParticipantKind.Exhibitor).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        var meetings = await ledger.ListAllAsync(expo.Id, cancellationToken);
        var excluded = await RequestPairsAsync(expo.Id, cancellationToken);
        excluded.UnionWith(meetings.Select(m => (m.VisitorId, m.ExhibitorId)));

        var now = time.GetUtcNow();
        var vIndex = visitors.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var xIndex = exhibitors.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var live = meetings.Where(m => m.IsLive && vIndex.ContainsKey(m.VisitorId) && xIndex.ContainsKey(m.ExhibitorId)
            && m.Slot >= 0 && m.Slot < expo.Grid.Count && m.Table >= 1 && m.Table <= exhibitors[xIndex[m.ExhibitorId]].Tables).ToList();
        var fixedMeetings = live.Select(m => new FixedMeeting(vIndex[m.VisitorId], xIndex[m.ExhibitorId], m.Slot, m.Table - 1)).ToList();
        var input = new MatchingInput(
            expo.Grid.Count,
            [.. visitors.Select(p => new VisitorInput(p.Tags, expo.MaxMeetingsPerVisitor, Windows(expo.Grid, p, live.Where(m => m.VisitorId == p.Id), now)))],
            [.. exhibitors.Select(p => new ExhibitorInput(p.Tags, expo.MaxMeetingsPerExhibitor, Math.Max(1, p.Tables),
                Windows(expo.Grid, p, live.Where(m => m.ExhibitorId == p.Id), now)))],
            [],
            fixedMeetings);
        var scored = PairScorer.Score(input, new MatchingOptions(ParallelScoring: false));
        var (problem, originalArc) = WithoutPairs(scored.Problem, (v, x) => excluded.Contains((visitors[v].Id, exhibitors[x].Id)));
        var outcome = MatchingEngine.Schedule(problem, fixedMeetings, new MatchingOptions(ParallelScoring: false));

        var visitorQuotas = live.GroupBy(m => m.VisitorId).ToDictionary(g => g.Key, g => g.Select(m => m.VisitorQuota).ToList(), StringComparer.Ordinal);
        var exhibitorQuotas = live.GroupBy(m => m.ExhibitorId).ToDictionary(g => g.Key, g => g.Select(m => m.ExhibitorQuota).ToList(), StringComparer.Ordinal);
        var proposed = 0;
        foreach (var placed in outcome.Placed.Where(p => !expo.Grid.HasStarted(p.Slot, time.GetUtcNow())).OrderBy(p => p.Slot))
        {
            var visitor = visitors[problem.ArcVisitor[placed.Arc]];
            var exhibitor = exhibitors[problem.ArcExhibitor[placed.Arc]];
            var vq = SlotPicker.FreeQuota(visitorQuotas.GetValueOrDefault(visitor.Id) ?? [], expo.MaxMeetingsPerVisitor);
            var xq = SlotPicker.FreeQuota(exhibitorQuotas.GetValueOrDefault(exhibitor.Id) ?? [], expo.MaxMeetingsPerExhibitor);
            if (vq < 0 || xq < 0)
            {
                continue;
            }

            var reasons = scored.ExplainArc(originalArc[placed.Arc]).SharedTags;
            var meeting = new MeetingRecord(expo.Id, MeetingIds.Format(visitor.Id, exhibitor.Id, 0), visitor.Id, exhibitor.Id,
                placed.Slot, placed.Table + 1, MeetingStatus.Proposed, 0, "", reasons, vq, xq, Mode: MeetingModes.For(visitor, exhibitor));
            // Another instance may have taken the position meanwhile: skip it; the next auto-match fills the gap.
            if ((await booker.BookAsync(meeting, cancellationToken)).Outcome == BookingOutcome.Booked)
            {
                proposed++;
                (visitorQuotas.TryGetValue(visitor.Id, out var vl) ? vl : visitorQuotas[visitor.Id] = []).Add(vq);
                (exhibitorQuotas.TryGetValue(exhibitor.Id, out var xl) ? xl : exhibitorQuotas[exhibitor.Id] = []).Add(xq);
            }
        }

        MeetingsLog.Proposed(logger, expo.Id, proposed);
        return proposed;
    }

    /// <summary>The problem without the arcs of excluded pairs, and each new arc's index in the original.</summary>
    private static (MatchingProblem Problem, int[] OriginalArc) WithoutPairs(MatchingProblem p, Func<int, int, bool> exclude)
    {
        var keep = Enumerable.Range(0, p.ArcCount).Where(a => !exclude(p.ArcVisitor[a], p.ArcExhibitor[a])).ToArray();
        var problem = new MatchingProblem(p.SlotCount, p.VisitorCapacity, p.VisitorWindows, p.ExhibitorCapacity, p.ExhibitorTables,
            p.ExhibitorWindows, [.. keep.Select(a => p.ArcVisitor[a])], [.. keep.Select(a => p.ArcExhibitor[a])], [.. keep.Select(a => p.ArcWeight[a])]);
        return (problem, keep);
    }

    /// <summary>
    /// The participant's availability as slot ranges, without slots that have started, widened to the slots of its
    /// live meetings (held anyway).
    /// </summary>
    private static SlotRange[]? Windows(SlotGrid grid, Participant p, IEnumerable<MeetingRecord> live, DateTimeOffset now)
    {
        if (p.Availability.Count == 0 && !grid.AnyStarted(now))
        {
            return null;
        }

        var mask = SlotPicker.Mask(grid, p.Availability);
        for (var s = 0; s < mask.Length; s++)
        {
            mask[s] &= !grid.HasStarted(s, now);
        }

        foreach (var m in live)
        {
            mask[m.Slot] = true;
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

        // No slot at all: an empty list would read as "always available" to the engine, so use an impossible range.
        return ranges.Count == 0 ? [new SlotRange(-1, -1)] : [.. ranges];
    }

    private async Task<List<Participant>> ReadParticipantsAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Participants, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and Status eq {ParticipantStatus.Active}");
        var result = new List<Participant>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!ParticipantRow.IsGuard(entity.RowKey))
            {
                result.Add(ParticipantRow.FromEntity(entity));
            }
        }

        return result;
    }

    private async Task<HashSet<(string, string)>> RequestPairsAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Requests, cancellationToken);
        var pairs = new HashSet<(string, string)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, RequestRow.Prefix),
            select: [RequestRow.VisitorId, RequestRow.ExhibitorId], cancellationToken: cancellationToken))
        {
            pairs.Add((entity.GetString(RequestRow.VisitorId) ?? "", entity.GetString(RequestRow.ExhibitorId) ?? ""));
        }

        return pairs;
    }
}
