using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Placement;

/// <summary>
/// For the queue-triggered matcher: where can one newly accepted request go, given the meetings already
/// confirmed? The caller loads the event (slots, participants with tables and availability) and every confirmed
/// meeting as <see cref="MatchingInput.FixedMeetings"/>, then tries to reserve the returned positions in order
/// (storage decides races); nothing already booked ever moves.
/// </summary>
public static class IncrementalPlacement
{
    /// <summary>
    /// Positions for a meeting of (visitor, exhibitor), best first (fewest new idle gaps, then earliest slot, then
    /// lowest table). Empty when the pair already meets, either side has reached its max meetings, or no
    /// (slot, table) is free in both windows.
    /// </summary>
    public static IReadOnlyList<SlotTable> CandidatePlacements(MatchingInput input, int visitor, int exhibitor)
    {
        ArgumentNullException.ThrowIfNull(input);
        if ((uint)visitor >= (uint)input.Visitors.Count || (uint)exhibitor >= (uint)input.Exhibitors.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(visitor), "Unknown visitor or exhibitor.");
        }

        if (input.FixedMeetings.Any(m => m.Visitor == visitor && m.Exhibitor == exhibitor))
        {
            return [];
        }

        var board = new ScheduleBoard(input);
        if (board.MeetingsOfVisitor(visitor) >= input.Visitors[visitor].MaxMeetings
            || board.MeetingsOfExhibitor(exhibitor) >= input.Exhibitors[exhibitor].MaxMeetings)
        {
            return [];
        }

        return board.FeasiblePlacements(visitor, exhibitor);
    }

    /// <summary>The best position from <see cref="CandidatePlacements"/>, or null when there is none.</summary>
    public static SlotTable? FirstFeasible(MatchingInput input, int visitor, int exhibitor)
    {
        var candidates = CandidatePlacements(input, visitor, exhibitor);
        return candidates.Count > 0 ? candidates[0] : null;
    }
}
