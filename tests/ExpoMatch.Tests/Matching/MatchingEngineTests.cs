using ExpoMatch.Matching;
using ExpoMatch.Matching.Bmf;
using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Scoring;

namespace ExpoMatch.Tests.Matching;

public sealed class MatchingEngineTests
{
    private static SolutionValidation ValidateAgainstEvent(MatchingInput input, MatchingResult result)
    {
        var problem = PairScorer.Score(input).Problem;
        return SolutionValidator.Validate(problem, [.. result.Meetings.Select(m => new BmfMeeting(m.Visitor, m.Exhibitor, m.Slot, m.Table))]);
    }

    [Fact]
    public void Run_WithoutWindows_PlacesEverySelectedMeetingAtTheOptimum()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var input = RandomInstances.Input(seed, 150, 12, 10, 2, windows: false);
            var result = MatchingEngine.Run(input);
            var validation = ValidateAgainstEvent(input, result);
            Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
            Assert.Empty(result.Unplaced);
            Assert.Equal(result.Metrics.UpperBound, result.Metrics.PlacedWeight);
            Assert.Equal(1.0, result.Metrics.PlacedFraction);
        }
    }

    [Fact]
    public void Run_WithWindows_RespectsWindowsAndCapacities()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var input = RandomInstances.Input(100 + seed, 150, 12, 10, 2, windows: true);
            var result = MatchingEngine.Run(input);
            var validation = ValidateAgainstEvent(input, result);
            Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
            Assert.True(result.Metrics.PlacedWeight <= result.Metrics.UpperBound);
            Assert.All(result.Meetings, m => Assert.True(
                SlotWindows.Contains(input.Visitors[m.Visitor].Availability?.ToArray(), m.Slot)
                && SlotWindows.Contains(input.Exhibitors[m.Exhibitor].Availability?.ToArray(), m.Slot)));
        }
    }

    [Fact]
    public void Schedule_LaterRounds_KeepBoardAndOutcomeInAgreement()
    {
        // Later rounds start from the previous round's board (meetings no longer selected leave, new ones are
        // placed); whichever round is kept, the board must hold exactly its meetings, all valid.
        var multiRound = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var p = RandomInstances.Problem(20_000 + seed, 120, 10, 6, 0.4, 1000, windows: true, tables: 1);
            var outcome = MatchingEngine.Schedule(p, [], new MatchingOptions(MaxSelectionRounds: 4));
            multiRound += outcome.Rounds > 1 ? 1 : 0;
            var onBoard = outcome.Board.Meetings().Select(m => (m.Visitor, m.Exhibitor, m.Slot, m.Table)).Order().ToList();
            var kept = outcome.Placed.Select(x => (p.ArcVisitor[x.Arc], p.ArcExhibitor[x.Arc], x.Slot, x.Table)).Order().ToList();
            Assert.Equal(kept, onBoard);
            var validation = SolutionValidator.Validate(p, [.. onBoard.Select(m => new BmfMeeting(m.Item1, m.Item2, m.Item3, m.Item4))]);
            Assert.True(validation.IsValid, $"seed {seed}: " + string.Join("; ", validation.Errors));
            Assert.Empty(outcome.UnplacedArcs.Intersect(outcome.Placed.Select(x => x.Arc)));
        }

        Assert.True(multiRound > 0, "no instance needed a second selection round");
    }

    [Fact]
    public void Run_FixedMeetings_NeverMoveAndCountAgainstCapacity()
    {
        var baseInput = RandomInstances.Input(42, 120, 10, 10, 2, windows: false);
        var first = MatchingEngine.Run(baseInput);
        var keep = first.Meetings.Where((_, i) => i % 3 == 0)
            .Select(m => new FixedMeeting(m.Visitor, m.Exhibitor, m.Slot, m.Table)).ToList();
        var input = baseInput with { FixedMeetings = keep };
        var second = MatchingEngine.Run(input);
        foreach (var f in keep)
        {
            Assert.Contains(second.Meetings, m => m.Fixed && m.Visitor == f.Visitor && m.Exhibitor == f.Exhibitor && m.Slot == f.Slot && m.Table == f.Table);
        }

        Assert.Equal(keep.Count, second.Metrics.Fixed);
        var validation = ValidateAgainstEvent(input, second);
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
    }

    [Fact]
    public void Run_SameInput_SameSchedule()
    {
        var input = RandomInstances.Input(9, 200, 15, 10, 2, windows: true);
        var a = MatchingEngine.Run(input);
        var b = MatchingEngine.Run(input with { });
        Assert.Equal(
            a.Meetings.Select(m => (m.Visitor, m.Exhibitor, m.Slot, m.Table)),
            b.Meetings.Select(m => (m.Visitor, m.Exhibitor, m.Slot, m.Table)));
    }

    [Fact]
    public void Run_EveryMeetingCarriesItsReason()
    {
        var input = RandomInstances.Input(3, 80, 8, 10, 1, windows: false);
        var result = MatchingEngine.Run(input);
        var requested = input.Requests.ToDictionary(r => (r.Visitor, r.Exhibitor));
        Assert.NotEmpty(result.Meetings);
        foreach (var m in result.Meetings)
        {
            Assert.Equal(requested.ContainsKey((m.Visitor, m.Exhibitor)), m.Reason.Requested);
            Assert.True(m.Reason.Requested || m.Reason.SharedTags.Count > 0);
        }
    }

    [Fact]
    public void Run_Metrics_CountRequestsAndFairness()
    {
        var input = RandomInstances.Input(11, 100, 10, 10, 2, windows: false);
        var metrics = MatchingEngine.Run(input).Metrics;
        Assert.Equal(input.Requests.Count, metrics.Requests.Total);
        Assert.Equal(metrics.Requests.Total, metrics.Requests.ByPriorityTotal.Sum());
        Assert.InRange(metrics.Requests.Satisfied, 1, metrics.Requests.Total);
        Assert.True(metrics.MinPerVisitor <= metrics.MedianPerVisitor);
        Assert.True(metrics.SlotsUsed >= metrics.SlotLowerBound);
    }
}
