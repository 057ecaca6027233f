using ExpoMatch.Matching;
using ExpoMatch.Matching.Model;

namespace ExpoMatch.Functions.Matching;

/// <summary>Body of POST /api/events/{eventId}/matching/runs.</summary>
/// <param name="DryRun">True: compute and report metrics only; nothing but the run's own row is written.</param>
/// <param name="Fairness">"none" (default): maximum total value; "atLeastOne": first as many visitors as possible get
/// a meeting, then maximum value (the metrics report the value this cost).</param>
public sealed record StartMatchingRun(bool? DryRun, string? Fairness = null);

/// <summary>Values of <see cref="StartMatchingRun.Fairness"/>, as the API spells them.</summary>
public static class RunFairness
{
    public const string None = "none";
    public const string AtLeastOne = "atLeastOne";

    public static FairnessMode? Parse(string? value) => value switch
    {
        null or None => FairnessMode.None,
        AtLeastOne => FairnessMode.AtLeastOne,
        _ => null,
    };
}

/// <summary>202 answer of POST .../matching/runs.</summary>
public sealed record MatchingRunAccepted(string Id, string Status);

/// <summary>GET .../matching/runs/{id}.</summary>
/// <param name="Published">Meetings this run booked (0 for a dry run).</param>
/// <param name="Conflicts">Planned meetings not booked because a reservation appeared after the plan was made.</param>
public sealed record MatchingRunResponse(
    string Id,
    string Status,
    bool DryRun,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    RunMetrics? Metrics,
    int Planned,
    int Published,
    int Conflicts,
    int Attempts,
    string? Error,
    string Fairness);

/// <summary>Requests satisfied by the schedule (fixed meetings included). Priority 1 is the most wanted.</summary>
public sealed record RunRequestMetrics(
    int Accepted, int Satisfied, int Mutual, int MutualSatisfied, IReadOnlyList<PriorityCount> ByPriority);

public sealed record PriorityCount(int Priority, int Accepted, int Satisfied);

/// <summary>The quality metrics of reference/matching.md for one run, as the API shows them.</summary>
/// <param name="UpperBound">Exact stage-A optimum plus the fixed meetings' weight: no schedule can weigh more.</param>
/// <param name="WeightRatio">PlacedWeight / UpperBound.</param>
/// <param name="PlacedFraction">New meetings placed / meetings selected.</param>
/// <param name="SlotLowerBound">Max meetings of any participant (per table for booths): no schedule needs fewer slots.</param>
/// <param name="ValueLostToFairness">Stage-A optimum without the run's fairness option minus with it (0 for "none").</param>
public sealed record RunMetrics(
    int Visitors,
    int Exhibitors,
    int Slots,
    long UpperBound,
    long PlacedWeight,
    double WeightRatio,
    int Selected,
    int Placed,
    int Fixed,
    double PlacedFraction,
    int Unplaced,
    int Rounds,
    RunRequestMetrics Requests,
    int MinPerVisitor,
    int P5PerVisitor,
    int MedianPerVisitor,
    double MeanPerVisitor,
    int VisitorsWithoutMeetings,
    double ExhibitorUtilisation,
    int SlotsUsed,
    int SlotLowerBound,
    double MeanVisitorGaps,
    int MaxVisitorGaps,
    double MeanExhibitorGaps,
    int MaxExhibitorGaps,
    double LoadMs,
    double ScoringMs,
    double SelectionMs,
    double PlacementMs,
    long ValueLostToFairness = 0)
{
    public static RunMetrics From(MatchingMetrics m, int visitors, int exhibitors, int slots, int unplaced, TimeSpan load)
    {
        ArgumentNullException.ThrowIfNull(m);
        // Engine priorities: index 0 = Low .. 2 = High; the API's priority 1 is High (most wanted).
        var byPriority = Enumerable.Range(1, 3)
            .Select(p => new PriorityCount(p, m.Requests.ByPriorityTotal[3 - p], m.Requests.ByPriority[3 - p]))
            .ToList();
        return new RunMetrics(
            visitors, exhibitors, slots, m.UpperBound, m.PlacedWeight, m.WeightRatio, m.Selected, m.Placed, m.Fixed,
            m.PlacedFraction, unplaced, m.Rounds,
            new RunRequestMetrics(m.Requests.Total, m.Requests.Satisfied, m.Requests.MutualTotal, m.Requests.MutualSatisfied, byPriority),
            m.MinPerVisitor, m.P5PerVisitor, m.MedianPerVisitor, m.MeanPerVisitor, m.VisitorsWithoutMeetings,
            m.ExhibitorUtilisation, m.SlotsUsed, m.SlotLowerBound, m.MeanVisitorGaps, m.MaxVisitorGaps,
            m.MeanExhibitorGaps, m.MaxExhibitorGaps, load.TotalMilliseconds, m.ScoringTime.TotalMilliseconds,
            m.SelectionTime.TotalMilliseconds, m.PlacementTime.TotalMilliseconds, m.ValueLostToFairness);
    }
}

/// <summary>One recommended exhibitor for a visitor.</summary>
/// <param name="Score">The engine's tag score: sum over shared tags of round(1000 ln(1 + N / df)), rarer tags weigh more.</param>
/// <param name="SharedTags">Tags both share, in the exhibitor's display form, rarest first.</param>
/// <param name="RequestStatus">The visitor's earlier request to this exhibitor when it was cancelled; otherwise null.</param>
public sealed record Recommendation(
    string ExhibitorId, string Company, string? BoothCode, int Score, IReadOnlyList<string> SharedTags, string? RequestStatus);

/// <summary>A page of recommendations, best first.</summary>
/// <param name="NextOffset">Pass as <c>offset</c> for the next page; null on the last page.</param>
public sealed record RecommendationPage(IReadOnlyList<Recommendation> Items, int? NextOffset);
