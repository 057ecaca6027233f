using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching;

/// <summary>Requests satisfied (placed, fixed ones included) out of those accepted.</summary>
/// <param name="ByPriority">Index 0 = Low, 1 = Normal, 2 = High.</param>
public sealed record RequestStats(int Total, int Satisfied, int MutualTotal, int MutualSatisfied, int[] ByPriorityTotal, int[] ByPriority);

/// <summary>Quality and cost of one matching run, as defined in reference/matching.md.</summary>
/// <param name="UpperBound">Exact stage-A optimum (first round) plus fixed meetings: no schedule can weigh more.</param>
/// <param name="PlacedWeight">Weight of every meeting on the final schedule, fixed ones included.</param>
/// <param name="PlacedFraction">New meetings placed / meetings chosen in the kept round.</param>
/// <param name="SlotLowerBound">Max over participants of meetings (per table for booths): no schedule uses fewer slots.</param>
/// <param name="ValueLostToFairness">What the fairness option cost: the stage-A optimum without it minus with it
/// (0 without fairness).</param>
public sealed record MatchingMetrics(
    long UpperBound,
    long PlacedWeight,
    double WeightRatio,
    int Selected,
    int Placed,
    int Fixed,
    double PlacedFraction,
    int FirstRoundUnplaced,
    int Rounds,
    RequestStats Requests,
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
    TimeSpan ScoringTime,
    TimeSpan SelectionTime,
    TimeSpan PlacementTime,
    long ValueLostToFairness)
{
    /// <param name="arcRequest">Per arc request level (0 = none), or null when unknown (bmf input).</param>
    public static MatchingMetrics Compute(MatchingProblem p, ScheduleOutcome outcome, byte[]? arcRequest, TimeSpan scoringTime)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(outcome);
        var s = p.SlotCount;
        var perVisitor = new int[p.VisitorCount];
        var perExhibitor = new int[p.ExhibitorCount];
        var visitorBusy = new bool[p.VisitorCount * s];
        var exhibitorBusy = new bool[p.ExhibitorCount * s];
        var slotUsed = new bool[s];
        var placedArc = new bool[p.ArcCount];
        long weight = 0;
        var fixedCount = 0;
        foreach (var (v, e, slot, _, isFixed) in outcome.Board.Meetings())
        {
            perVisitor[v]++;
            perExhibitor[e]++;
            visitorBusy[(v * s) + slot] = true;
            exhibitorBusy[(e * s) + slot] = true;
            slotUsed[slot] = true;
            fixedCount += isFixed ? 1 : 0;
            var arc = p.FindArc(v, e);
            if (arc >= 0)
            {
                placedArc[arc] = true;
                weight += p.ArcWeight[arc];
            }
        }

        var sorted = (int[])perVisitor.Clone();
        Array.Sort(sorted);
        var lowerBound = 0;
        long capacity = 0;
        for (var e = 0; e < p.ExhibitorCount; e++)
        {
            var tables = Math.Max(1, p.ExhibitorTables[e]);
            lowerBound = Math.Max(lowerBound, (perExhibitor[e] + tables - 1) / tables);
            var available = 0;
            for (var slot = 0; slot < s; slot++)
            {
                available += p.ExhibitorAvailable(e, slot) ? 1 : 0;
            }

            capacity += Math.Min(p.ExhibitorCapacity[e], p.ExhibitorTables[e] * available);
        }

        lowerBound = Math.Max(lowerBound, sorted.Length > 0 ? sorted[^1] : 0);
        var (meanVg, maxVg) = Gaps(visitorBusy, p.VisitorCount, s);
        var (meanEg, maxEg) = Gaps(exhibitorBusy, p.ExhibitorCount, s);
        return new MatchingMetrics(
            outcome.UpperBound,
            weight,
            outcome.UpperBound == 0 ? 1 : (double)weight / outcome.UpperBound,
            outcome.Selected,
            outcome.Placed.Count,
            fixedCount,
            outcome.Selected == 0 ? 1 : (double)outcome.Placed.Count / outcome.Selected,
            outcome.FirstRoundUnplaced,
            outcome.Rounds,
            CountRequests(arcRequest, placedArc),
            sorted.Length > 0 ? sorted[0] : 0,
            sorted.Length > 0 ? sorted[sorted.Length * 5 / 100] : 0,
            sorted.Length > 0 ? sorted[sorted.Length / 2] : 0,
            sorted.Length > 0 ? sorted.Average() : 0,
            sorted.Count(x => x == 0),
            capacity == 0 ? 0 : perExhibitor.Sum() / (double)capacity,
            slotUsed.Count(x => x),
            lowerBound,
            meanVg,
            maxVg,
            meanEg,
            maxEg,
            scoringTime,
            outcome.SelectionTime,
            outcome.PlacementTime,
            outcome.OptimumWithoutFairness - outcome.UpperBound);
    }

    private static RequestStats CountRequests(byte[]? arcRequest, bool[] placedArc)
    {
        int total = 0, satisfied = 0, mutualTotal = 0, mutualSatisfied = 0;
        var byPriorityTotal = new int[3];
        var byPriority = new int[3];
        if (arcRequest is not null)
        {
            for (var a = 0; a < arcRequest.Length; a++)
            {
                var level = arcRequest[a];
                if (level == 0)
                {
                    continue;
                }

                var mutual = level > 3;
                var priority = (mutual ? level - 3 : level) - 1;
                var hit = placedArc[a] ? 1 : 0;
                total++;
                satisfied += hit;
                mutualTotal += mutual ? 1 : 0;
                mutualSatisfied += mutual ? hit : 0;
                byPriorityTotal[priority]++;
                byPriority[priority] += hit;
            }
        }

        return new RequestStats(total, satisfied, mutualTotal, mutualSatisfied, byPriorityTotal, byPriority);
    }

    /// <summary>Idle gaps: runs of free slots between two meetings of the same participant.</summary>
    private static (double Mean, int Max) Gaps(bool[] busy, int participants, int slots)
    {
        long total = 0;
        var max = 0;
        for (var i = 0; i < participants; i++)
        {
            var gaps = 0;
            var last = -1;
            for (var s = 0; s < slots; s++)
            {
                if (!busy[(i * slots) + s])
                {
                    continue;
                }

                if (last >= 0 && s > last + 1)
                {
                    gaps++;
                }

                last = s;
            }

            total += gaps;
            max = Math.Max(max, gaps);
        }

        return (participants == 0 ? 0 : (double)total / participants, max);
    }
}
