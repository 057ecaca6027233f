using ExpoMatch.Functions.Registration;
using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Placement;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Where a new meeting of one pair can go, best first, from the two parties' live meetings only: the engine's
/// incremental placement (<see cref="ScheduleBoard.FeasiblePlacements"/>: fewest new idle gaps, then earliest slot,
/// then lowest table) over a board holding just those meetings, filtered by both parties' availability.
/// Confirmed meetings are fixed on the board, so nothing ever moves.
/// </summary>
public static class SlotPicker
{
    /// <summary>Candidate (slot, 1-based table) positions, best first; never a slot that has started by <paramref name="now"/>.</summary>
    public static IReadOnlyList<(int Slot, int Table)> Candidates(
        SlotGrid grid, Participant visitor, Participant exhibitor, IEnumerable<MeetingRecord> liveMeetings, DateTimeOffset now)
    {
        var meetings = liveMeetings.Where(m => m.IsLive && (m.VisitorId == visitor.Id || m.ExhibitorId == exhibitor.Id)).ToList();
        var visitors = new List<string> { visitor.Id };
        var exhibitors = new List<string> { exhibitor.Id };
        var tables = new Dictionary<string, int>(StringComparer.Ordinal) { [exhibitor.Id] = Math.Max(1, exhibitor.Tables) };
        foreach (var m in meetings)
        {
            if (!visitors.Contains(m.VisitorId))
            {
                visitors.Add(m.VisitorId);
            }

            if (!exhibitors.Contains(m.ExhibitorId))
            {
                exhibitors.Add(m.ExhibitorId);
            }

            // A booth that since lowered its table count still holds its meetings at the higher tables.
            tables[m.ExhibitorId] = Math.Max(tables.GetValueOrDefault(m.ExhibitorId), m.Table);
        }

        var input = new MatchingInput(
            grid.Count,
            [.. visitors.Select(_ => new VisitorInput([], int.MaxValue))],
            [.. exhibitors.Select(id => new ExhibitorInput([], int.MaxValue, tables[id]))],
            [],
            []);
        var board = new ScheduleBoard(input);
        foreach (var m in meetings.Where(m => m.Slot >= 0 && m.Slot < grid.Count))
        {
            try
            {
                board.AddFixed(new FixedMeeting(visitors.IndexOf(m.VisitorId), exhibitors.IndexOf(m.ExhibitorId), m.Slot, m.Table - 1));
            }
            catch (ArgumentException)
            {
                // Two rows claiming one position cannot both be live (storage forbids it); keep the first.
            }
        }

        var visitorOk = Mask(grid, visitor.Availability);
        var exhibitorOk = Mask(grid, exhibitor.Availability);
        return [.. board.FeasiblePlacements(0, 0)
            .Where(p => visitorOk[p.Slot] && exhibitorOk[p.Slot] && p.Table < Math.Max(1, exhibitor.Tables) && !grid.HasStarted(p.Slot, now))
            .Select(p => (p.Slot, p.Table + 1))];
    }

    /// <summary>Per slot: whether it lies inside one of the windows (no windows: every slot).</summary>
    public static bool[] Mask(SlotGrid grid, IReadOnlyList<TimeWindow> availability)
    {
        var mask = new bool[grid.Count];
        if (availability.Count == 0)
        {
            Array.Fill(mask, true);
            return mask;
        }

        foreach (var window in availability)
        {
            foreach (var slot in grid.SlotsWithin(window.Start, window.End))
            {
                mask[slot] = true;
            }
        }

        return mask;
    }

    /// <summary>The lowest quota token in 0..cap-1 none of <paramref name="held"/> uses, or -1 when the cap is reached.</summary>
    public static int FreeQuota(IEnumerable<int> held, int cap)
    {
        var used = held.ToHashSet();
        for (var k = 0; k < cap; k++)
        {
            if (!used.Contains(k))
            {
                return k;
            }
        }

        return -1;
    }
}
