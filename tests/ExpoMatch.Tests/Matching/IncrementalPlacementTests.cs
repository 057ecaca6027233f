using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Placement;

namespace ExpoMatch.Tests.Matching;

public sealed class IncrementalPlacementTests
{
    private static MatchingInput Event(int visitorMax, int exhibitorMax, params FixedMeeting[] confirmed) =>
        new(
            4,
            [new VisitorInput(["ai"], visitorMax), new VisitorInput(["ai"], 4)],
            [new ExhibitorInput(["ai"], exhibitorMax, 1), new ExhibitorInput(["ai"], 8, 2)],
            [],
            confirmed);

    [Fact]
    public void FirstFeasible_AvoidsConfirmedMeetingsAndPrefersAdjacentSlot()
    {
        // Visitor 0 meets booth 1 in slot 2; booth 0's only table is taken in slot 1 by visitor 1.
        var input = Event(4, 4, new FixedMeeting(0, 1, 2, 0), new FixedMeeting(1, 0, 1, 0));
        Assert.Equal(new SlotTable(3, 0), IncrementalPlacement.FirstFeasible(input, 0, 0));
        Assert.DoesNotContain(IncrementalPlacement.CandidatePlacements(input, 0, 0), p => p.Slot is 1 or 2);
    }

    [Fact]
    public void FirstFeasible_WhenVisitorIsFull_ReturnsNull()
    {
        var input = Event(1, 4, new FixedMeeting(0, 1, 0, 0));
        Assert.Null(IncrementalPlacement.FirstFeasible(input, 0, 0));
    }

    [Fact]
    public void FirstFeasible_WhenBoothIsFull_ReturnsNull()
    {
        var input = Event(4, 1, new FixedMeeting(1, 0, 0, 0));
        Assert.Null(IncrementalPlacement.FirstFeasible(input, 0, 0));
    }

    [Fact]
    public void FirstFeasible_WhenPairAlreadyMeets_ReturnsNull()
    {
        var input = Event(4, 4, new FixedMeeting(0, 0, 0, 0));
        Assert.Null(IncrementalPlacement.FirstFeasible(input, 0, 0));
    }

    [Fact]
    public void CandidatePlacements_UseEveryFreeTable()
    {
        var input = Event(4, 4, new FixedMeeting(1, 1, 0, 0));
        var places = IncrementalPlacement.CandidatePlacements(input, 0, 1);
        Assert.Contains(new SlotTable(0, 1), places);
        Assert.DoesNotContain(new SlotTable(0, 0), places);
        Assert.Equal(7, places.Count); // 4 slots x 2 tables minus the confirmed one
    }
}
