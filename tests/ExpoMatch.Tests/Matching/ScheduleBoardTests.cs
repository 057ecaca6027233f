using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Placement;

namespace ExpoMatch.Tests.Matching;

public sealed class ScheduleBoardTests
{
    private static MatchingInput Event(int slots, int visitors, int exhibitors, int tables, params FixedMeeting[] fixedMeetings) =>
        new(
            slots,
            [.. Enumerable.Range(0, visitors).Select(_ => new VisitorInput([], slots))],
            [.. Enumerable.Range(0, exhibitors).Select(_ => new ExhibitorInput([], slots * tables, tables))],
            [],
            fixedMeetings);

    [Fact]
    public void FeasiblePlacements_SkipBusyVisitorAndFullTables()
    {
        // Slot 0: visitor 0 busy. Slot 1: the only table of exhibitor 0 busy.
        var board = new ScheduleBoard(Event(4, 3, 2, 1, new FixedMeeting(0, 1, 0, 0), new FixedMeeting(1, 0, 1, 0)));
        var places = board.FeasiblePlacements(0, 0);
        Assert.DoesNotContain(places, p => p.Slot is 0 or 1);
        Assert.Contains(new SlotTable(2, 0), places);
    }

    [Fact]
    public void FeasiblePlacements_PreferSlotNextToVisitorsOtherMeeting()
    {
        var board = new ScheduleBoard(Event(6, 2, 2, 1, new FixedMeeting(0, 1, 3, 0)));
        var best = board.FeasiblePlacements(0, 0)[0];
        Assert.True(best.Slot is 2 or 4);
    }

    [Fact]
    public void TryPlace_UsesKempeChainWhenNoCommonFreeSlot()
    {
        // Two slots. Visitor 0 is busy in slot 0 (with exhibitor 1); exhibitor 0's single table is busy in slot 1
        // (with visitor 1). No common free slot, but moving the movable meetings makes room.
        var board = new ScheduleBoard(Event(2, 2, 2, 1));
        Assert.True(board.TryPut(0, 1, 0, 0));
        Assert.True(board.TryPut(1, 0, 1, 0));
        Assert.Empty(board.FeasiblePlacements(0, 0));
        Assert.True(board.TryPlace(0, 0));
        Assert.Equal(3, board.Meetings().Count());
    }

    [Fact]
    public void TryPlaceExhaustively_FreesTheVisitorWhenTheBoothsChainIsBlockedByAWindow()
    {
        // Two slots. Slot 0: exhibitor 0's table holds visitor 1, who is only available in slot 0. Slot 1: visitor 0
        // meets exhibitor 1. Freeing the table would move visitor 1 out of its window, so TryPlace gives up; moving
        // visitor 0's own meeting to slot 0 frees visitor 0 in slot 1, where the table is free.
        var input = new MatchingInput(
            2,
            [new VisitorInput([], 2), new VisitorInput([], 2, [new SlotRange(0, 0)])],
            [new ExhibitorInput([], 2, 1), new ExhibitorInput([], 2, 1)],
            [],
            []);
        var board = new ScheduleBoard(input);
        Assert.True(board.TryPut(1, 0, 0, 0));
        Assert.True(board.TryPut(0, 1, 1, 0));
        Assert.False(board.TryPlace(0, 0));
        Assert.True(board.TryPlaceExhaustively(0, 0));
        var meetings = board.Meetings().ToList();
        Assert.Contains((0, 0, 1, 0, false), meetings);
        Assert.Contains((0, 1, 0, 0, false), meetings);
        Assert.Contains((1, 0, 0, 0, false), meetings);
    }

    [Fact]
    public void TryPlace_NeverMovesFixedMeetings()
    {
        var board = new ScheduleBoard(Event(2, 2, 2, 1, new FixedMeeting(0, 1, 0, 0), new FixedMeeting(1, 0, 1, 0)));
        Assert.False(board.TryPlace(0, 0));
        Assert.All(board.Meetings(), m => Assert.True(m.Fixed));
    }

    [Fact]
    public void TryPlace_RespectsWindows()
    {
        var input = new MatchingInput(
            6,
            [new VisitorInput([], 6, [new SlotRange(0, 1)])],
            [new ExhibitorInput([], 6, 1, [new SlotRange(1, 5)])],
            [],
            []);
        var board = new ScheduleBoard(input);
        Assert.True(board.TryPlaceWithoutMoving(0, 0, out var place));
        Assert.Equal(new SlotTable(1, 0), place);
    }

    [Fact]
    public void AddFixed_Clash_Throws()
    {
        var board = new ScheduleBoard(Event(3, 2, 1, 1, new FixedMeeting(0, 0, 1, 0)));
        Assert.Throws<ArgumentException>(() => board.AddFixed(new FixedMeeting(1, 0, 1, 0)));
    }
}
