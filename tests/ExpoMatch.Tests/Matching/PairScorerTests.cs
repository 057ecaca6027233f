using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Scoring;

namespace ExpoMatch.Tests.Matching;

public sealed class PairScorerTests
{
    private static readonly string[] AllTags = ["ai", "iot", "water", "energy", "5g"];

    private static int Weight(ScoredEvent scored, int v, int e)
    {
        var arc = scored.Problem.FindArc(v, e);
        Assert.True(arc >= 0, $"no arc ({v}, {e})");
        return scored.Problem.ArcWeight[arc];
    }

    private static MatchingInput Input(IReadOnlyList<ExhibitorInput> exhibitors, params AcceptedRequest[] requests) =>
        new(10, [new VisitorInput(AllTags, 3)], exhibitors, requests, []);

    [Fact]
    public void Score_AcceptedRequestWithoutSharedTags_OutweighsBestTagMatch()
    {
        var input = Input(
            [new ExhibitorInput(AllTags, 5, 1), new ExhibitorInput(["unrelated"], 5, 1)],
            new AcceptedRequest(0, 1, RequestPriority.Low, false));
        var scored = PairScorer.Score(input);
        Assert.True(Weight(scored, 0, 1) > Weight(scored, 0, 0));
    }

    [Fact]
    public void Score_MutualLowPriority_OutweighsOneSidedHighPriority()
    {
        var input = Input(
            [new ExhibitorInput(AllTags, 5, 1), new ExhibitorInput(["unrelated"], 5, 1)],
            new AcceptedRequest(0, 0, RequestPriority.High, false),
            new AcceptedRequest(0, 1, RequestPriority.Low, true));
        var scored = PairScorer.Score(input);
        Assert.True(Weight(scored, 0, 1) > Weight(scored, 0, 0));
    }

    [Fact]
    public void Score_HigherPriority_OutweighsLowerWhateverTheTags()
    {
        var input = Input(
            [new ExhibitorInput(AllTags, 5, 1), new ExhibitorInput(["unrelated"], 5, 1), new ExhibitorInput(["other"], 5, 1)],
            new AcceptedRequest(0, 0, RequestPriority.Low, false),
            new AcceptedRequest(0, 1, RequestPriority.Normal, false),
            new AcceptedRequest(0, 2, RequestPriority.High, false));
        var scored = PairScorer.Score(input);
        Assert.True(Weight(scored, 0, 2) > Weight(scored, 0, 1));
        Assert.True(Weight(scored, 0, 1) > Weight(scored, 0, 0));
    }

    [Fact]
    public void Score_RareSharedTag_OutweighsCommonOne()
    {
        // "common" is on every participant, "rare" only on the visitor and exhibitor 1.
        var input = new MatchingInput(
            10,
            [new VisitorInput(["common", "rare"], 3), new VisitorInput(["common"], 3), new VisitorInput(["common"], 3)],
            [new ExhibitorInput(["common"], 5, 1), new ExhibitorInput(["rare"], 5, 1), new ExhibitorInput(["common"], 5, 1)],
            [],
            []);
        var scored = PairScorer.Score(input);
        Assert.True(Weight(scored, 0, 1) > Weight(scored, 0, 0));
    }

    [Fact]
    public void Score_KeepsTopKTagCandidatesButEveryRequest()
    {
        var exhibitors = Enumerable.Range(0, 6).Select(i => new ExhibitorInput(AllTags.Take(i + 1).ToArray(), 5, 1)).ToList();
        exhibitors.Add(new ExhibitorInput(["unrelated"], 5, 1));
        var input = Input(exhibitors, new AcceptedRequest(0, 6, RequestPriority.Low, false));
        var scored = PairScorer.Score(input, new MatchingOptions(CandidatesPerVisitor: 3));
        var kept = Enumerable.Range(0, scored.Problem.ArcCount).Select(a => scored.Problem.ArcExhibitor[a]).ToArray();
        Assert.Equal([4, 5, 6], kept.Order().ToArray()); // K = 3 in all: the request plus the two best tag matches
    }

    [Fact]
    public void ExplainArc_NamesRequestMutualAndNormalisedSharedTags()
    {
        var input = new MatchingInput(
            10,
            [new VisitorInput(["Đô thị thông minh", "IoT", "Water"], 3)],
            [new ExhibitorInput(["đô thị  THÔNG MINH", "iot"], 5, 1)],
            [new AcceptedRequest(0, 0, RequestPriority.Normal, true)],
            []);
        var scored = PairScorer.Score(input);
        var reason = scored.ExplainArc(scored.Problem.FindArc(0, 0));
        Assert.True(reason.Requested);
        Assert.True(reason.Mutual);
        Assert.Equal(RequestPriority.Normal, reason.Priority);
        Assert.Equal(["iot", "đô thị thông minh"], reason.SharedTags.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Score_IsDeterministic_AndIndependentOfParallelism()
    {
        var input = RandomInstances.Input(7, 1200, 40, 12, 2, windows: false);
        var a = PairScorer.Score(input, new MatchingOptions(ParallelScoring: true)).Problem;
        var b = PairScorer.Score(input, new MatchingOptions(ParallelScoring: false)).Problem;
        Assert.Equal(a.ArcVisitor, b.ArcVisitor);
        Assert.Equal(a.ArcExhibitor, b.ArcExhibitor);
        Assert.Equal(a.ArcWeight, b.ArcWeight);
    }
}
