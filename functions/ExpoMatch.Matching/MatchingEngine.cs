using System.Diagnostics;
using System.Runtime.CompilerServices;
using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Placement;
using ExpoMatch.Matching.Scoring;
using ExpoMatch.Matching.Selection;

namespace ExpoMatch.Matching;

/// <summary>Where a chosen arc was placed.</summary>
public readonly record struct ArcPlacement(int Arc, int Slot, int Table);

/// <summary>Result of selection plus placement on a scored problem.</summary>
/// <param name="Placed">New meetings (not the fixed ones) with their positions.</param>
/// <param name="UnplacedArcs">Arcs chosen in the last round that found no position.</param>
/// <param name="UpperBound">Exact stage-A optimum of the first round plus the fixed meetings' weight (under the
/// run's fairness mode).</param>
/// <param name="OptimumWithoutFairness">The same without the fairness objective (equal to UpperBound when none).</param>
/// <param name="Selected">Arcs chosen in the round that was kept.</param>
/// <param name="FirstRoundUnplaced">Chosen arcs the first placement could not place.</param>
/// <param name="Board">Final occupancy, fixed meetings included.</param>
public sealed record ScheduleOutcome(
    IReadOnlyList<ArcPlacement> Placed,
    IReadOnlyList<int> UnplacedArcs,
    long UpperBound,
    long OptimumWithoutFairness,
    int Selected,
    int FirstRoundUnplaced,
    int Rounds,
    TimeSpan SelectionTime,
    TimeSpan PlacementTime,
    ScheduleBoard Board);

/// <summary>
/// The matching pipeline: score pairs (<see cref="PairScorer"/>), choose meetings with the exact maximum-weight
/// b-matching (<see cref="BMatchingSolver"/>), place them into (slot, table) (<see cref="ScheduleBoard"/>).
/// Meetings that cannot be placed (possible only with availability windows or fixed meetings) are excluded and
/// selection runs again, keeping earlier positions, for up to <see cref="MatchingOptions.MaxSelectionRounds"/>
/// rounds. Pure and deterministic: same input, same output.
/// </summary>
public static class MatchingEngine
{
    /// <summary>Full run for one event: scoring, selection, placement, metrics, reasons.</summary>
    public static MatchingResult Run(MatchingInput input, MatchingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new MatchingOptions();
        var start = Stopwatch.GetTimestamp();
        var scored = PairScorer.Score(input, options);
        var scoring = Stopwatch.GetElapsedTime(start);
        var outcome = Schedule(scored.Problem, input.FixedMeetings, options);
        var p = scored.Problem;
        var meetings = new List<PlacedMeeting>();
        foreach (var (v, e, s, t, isFixed) in outcome.Board.Meetings())
        {
            var arc = p.FindArc(v, e);
            meetings.Add(new PlacedMeeting(v, e, s, t, p.ArcWeight[arc], isFixed, scored.ExplainArc(arc)));
        }

        meetings.Sort((a, b) => a.Visitor != b.Visitor ? a.Visitor.CompareTo(b.Visitor) : a.Slot.CompareTo(b.Slot));
        var unplaced = outcome.UnplacedArcs
            .Select(a => new UnplacedMeeting(p.ArcVisitor[a], p.ArcExhibitor[a], p.ArcWeight[a])).ToList();
        var metrics = MatchingMetrics.Compute(p, outcome, scored.ArcRequest, scoring);
        return new MatchingResult(meetings, unplaced, metrics);
    }

    /// <summary>
    /// Selection and placement on an already scored problem (for example read from a bmf file). Fixed meetings keep
    /// their positions and count against capacities; their pairs are not chosen again.
    /// </summary>
    public static ScheduleOutcome Schedule(MatchingProblem problem, IReadOnlyList<FixedMeeting> fixedMeetings, MatchingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(fixedMeetings);
        options ??= new MatchingOptions();
        var board = new ScheduleBoard(problem);
        foreach (var f in fixedMeetings)
        {
            board.AddFixed(f);
        }

        var (visitorCap, exhibitorCap, excluded, fixedWeight) = Residual(problem, board, fixedMeetings);
        var selectionTime = TimeSpan.Zero;
        var placementTime = TimeSpan.Zero;
        var position = new int[problem.ArcCount]; // slot * tables + table + 1 of the previous round, 0 = none
        long upperBound = 0;
        Round? best = null;
        Round? last = null;
        var firstUnplaced = 0;
        var rounds = 0;
        var t0 = Stopwatch.GetTimestamp();
        var fair = options.Fairness == FairnessMode.AtLeastOne;
        var solver = new CostScalingCirculation(
            problem, visitorCap, exhibitorCap, excluded, fair ? CostScalingCirculation.FirstMeetingBonus(problem) : 0);
        long withoutFairness = 0;
        selectionTime += Stopwatch.GetElapsedTime(t0);
        List<int> lastUnplaced = [];
        for (var round = 0; round < Math.Max(1, options.MaxSelectionRounds); round++)
        {
            rounds++;
            t0 = Stopwatch.GetTimestamp();

            // Later rounds forbid what could not be placed and re-optimise from the previous potentials (exact again).
            bool[] chosen;
            if (round == 0)
            {
                chosen = solver.Solve();
                withoutFairness = solver.Value(problem) + fixedWeight;
                if (fair)
                {
                    chosen = solver.EnableFirstMeetingBonus();
                }
            }
            else
            {
                chosen = solver.ExcludeAndResolve(lastUnplaced);
            }

            var selection = BMatchingSolver.Summarise(problem, chosen);
            selectionTime += Stopwatch.GetElapsedTime(t0);
            if (round == 0)
            {
                upperBound = selection.Value + fixedWeight;
            }

            t0 = Stopwatch.GetTimestamp();
            var current = Place(problem, board, selection, position);
            placementTime += Stopwatch.GetElapsedTime(t0);
            if (round == 0)
            {
                firstUnplaced = current.Unplaced.Count;
            }

            if (best is null || current.PlacedWeight > best.PlacedWeight)
            {
                best = current;
            }

            last = current;

            if (current.Unplaced.Count == 0)
            {
                break;
            }

            lastUnplaced = current.Unplaced;
        }

        // The board holds the last round; when an earlier one was better, rebuild that so board and outcome agree.
        ArgumentNullException.ThrowIfNull(best); // at least one round runs
        if (!ReferenceEquals(best, last))
        {
            board.ClearUnfixed();
            foreach (var x in best.Placed)
            {
                board.TryPut(problem.ArcVisitor[x.Arc], problem.ArcExhibitor[x.Arc], x.Slot, x.Table);
            }
        }

        return new ScheduleOutcome(best.Placed, best.Unplaced, upperBound, withoutFairness, best.Selected, firstUnplaced, rounds, selectionTime, placementTime, board);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Round Place(MatchingProblem p, ScheduleBoard board, BMatching selection, int[] position)
    {
        // The board holds the previous round's meetings (none before the first): those no longer selected leave,
        // the others stay where they are, and only the newly selected are placed. (Clearing the board and putting
        // every meeting back cost about 60 ms a round on windowed XL.)
        board.Reserve(board.Meetings().Count() + selection.Count);
        var degree = new int[p.ExhibitorCount];
        var toPlace = new List<int>();
        for (var a = 0; a < p.ArcCount; a++)
        {
            var pos = position[a] - 1;
            if (!selection.Selected[a])
            {
                if (pos >= 0)
                {
                    board.RemoveUnfixedAt(p.ArcVisitor[a], pos / p.ExhibitorTables[p.ArcExhibitor[a]]);
                }

                continue;
            }

            degree[p.ArcExhibitor[a]]++;
            if (pos < 0)
            {
                toPlace.Add(a);
            }
        }

        // Busiest booths first: they have the least room, so they choose while most slots are open. Ties by booth,
        // then visitor (toPlace is in arc order, which is visitor order): a counting sort by booth rank keeps that.
        var booths = Enumerable.Range(0, p.ExhibitorCount).ToArray();
        Array.Sort(booths, (x, y) => degree[x] != degree[y] ? degree[y].CompareTo(degree[x]) : x.CompareTo(y));
        var rank = new int[p.ExhibitorCount];
        for (var r = 0; r < booths.Length; r++)
        {
            rank[booths[r]] = r;
        }

        var bucketStart = new int[p.ExhibitorCount + 1];
        foreach (var a in toPlace)
        {
            bucketStart[rank[p.ArcExhibitor[a]] + 1]++;
        }

        for (var r = 0; r < p.ExhibitorCount; r++)
        {
            bucketStart[r + 1] += bucketStart[r];
        }

        var order = new int[toPlace.Count];
        foreach (var a in toPlace)
        {
            order[bucketStart[rank[p.ArcExhibitor[a]]]++] = a;
        }

        var leftovers = new List<int>();
        foreach (var a in order)
        {
            if (!board.TryPlace(p.ArcVisitor[a], p.ArcExhibitor[a]))
            {
                leftovers.Add(a);
            }
        }

        // With windows a few are left: a wider search for each is far cheaper than another selection round.
        var unplaced = new List<int>();
        foreach (var a in leftovers)
        {
            if (!board.TryPlaceExhaustively(p.ArcVisitor[a], p.ArcExhibitor[a]))
            {
                unplaced.Add(a);
            }
        }

        // Read positions back per arc: arc order makes the list sorted without a sort.
        Array.Clear(position);
        foreach (var (v, e, s, t, isFixed) in board.Meetings())
        {
            if (!isFixed)
            {
                position[p.FindArc(v, e)] = (s * p.ExhibitorTables[e]) + t + 1;
            }
        }

        var placed = new List<ArcPlacement>(selection.Count);
        long weight = 0;
        for (var a = 0; a < p.ArcCount; a++)
        {
            if (position[a] > 0)
            {
                var tables = p.ExhibitorTables[p.ArcExhibitor[a]];
                placed.Add(new ArcPlacement(a, (position[a] - 1) / tables, (position[a] - 1) % tables));
                weight += p.ArcWeight[a];
            }
        }

        unplaced.Sort();
        return new Round(placed, unplaced, selection.Count, weight);
    }

    /// <summary>Capacities left after fixed meetings and windows, and arcs that cannot be chosen at all.</summary>
    private static (int[] VisitorCap, int[] ExhibitorCap, bool[] Excluded, long FixedWeight) Residual(
        MatchingProblem p, ScheduleBoard board, IReadOnlyList<FixedMeeting> fixedMeetings)
    {
        var visitorCap = new int[p.VisitorCount];
        for (var v = 0; v < p.VisitorCount; v++)
        {
            visitorCap[v] = Math.Max(0, Math.Min(p.VisitorCapacity[v] - board.MeetingsOfVisitor(v), board.FreeSlotsOfVisitor(v)));
        }

        var exhibitorCap = new int[p.ExhibitorCount];
        for (var e = 0; e < p.ExhibitorCount; e++)
        {
            exhibitorCap[e] = Math.Max(0, Math.Min(p.ExhibitorCapacity[e] - board.MeetingsOfExhibitor(e), board.FreePositionsOfExhibitor(e)));
        }

        var excluded = new bool[p.ArcCount];
        long fixedWeight = 0;
        foreach (var f in fixedMeetings)
        {
            var arc = p.FindArc(f.Visitor, f.Exhibitor);
            if (arc >= 0)
            {
                excluded[arc] = true;
                fixedWeight += p.ArcWeight[arc];
            }
        }

        var constrained = fixedMeetings.Count > 0
            || p.VisitorWindows.Any(w => w is not null) || p.ExhibitorWindows.Any(w => w is not null);
        if (constrained)
        {
            for (var a = 0; a < p.ArcCount; a++)
            {
                excluded[a] |= !board.HaveCommonSlot(p.ArcVisitor[a], p.ArcExhibitor[a]);
            }
        }

        return (visitorCap, exhibitorCap, excluded, fixedWeight);
    }

    private sealed record Round(List<ArcPlacement> Placed, List<int> Unplaced, int Selected, long PlacedWeight);
}
