using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Selection;

/// <summary>A chosen set of arcs (stage A) and its total weight.</summary>
public sealed record BMatching(bool[] Selected, long Value, int Count);

/// <summary>
/// Exact maximum-weight bipartite b-matching (each pair at most once, flow amount free): the optimum is also the
/// upper bound every schedule is measured against.
/// <para>
/// Model: a min-cost circulation on visitors, exhibitors and one hub node z (source and sink merged):
/// z -> v (capacity b_v), v -> e (capacity 1, cost -w), e -> z (capacity b_e); flow through the hub is free, so
/// capacity may stay unused. Solved from an auction start by cost-scaling push-relabel
/// (<see cref="CostScalingCirculation"/>), which copes with crowded events where many visitors compete for the same
/// booths; successive shortest paths
/// (<see cref="SolveBySuccessiveShortestPaths"/>) searched ever larger regions there (70 s of CPU against 5.5 s on
/// the 1M-arc XL instance). <see cref="BMatchingCertificate"/> checks optimality independently.
/// </para>
/// </summary>
public static class BMatchingSolver
{
    /// <param name="visitorCapacity">Effective b_v per visitor; default: the problem's.</param>
    /// <param name="exhibitorCapacity">Effective b_e per exhibitor; default: the problem's.</param>
    /// <param name="excludedArcs">Arcs that may not be chosen (fixed elsewhere, or unplaceable); default none.</param>
    /// <param name="fairness">
    /// <see cref="FairnessMode.AtLeastOne"/>: the most visitors with at least one meeting, then the most value
    /// (each visitor's first meeting carries <see cref="CostScalingCirculation.FirstMeetingBonus"/>).
    /// </param>
    public static BMatching Solve(
        MatchingProblem problem,
        int[]? visitorCapacity = null,
        int[]? exhibitorCapacity = null,
        bool[]? excludedArcs = null,
        FairnessMode fairness = FairnessMode.None)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var vc = visitorCapacity ?? problem.VisitorCapacity;
        var ec = exhibitorCapacity ?? problem.ExhibitorCapacity;
        if (fairness == FairnessMode.None)
        {
            return Summarise(problem, new CostScalingCirculation(problem, vc, ec, excludedArcs).Solve());
        }

        var solver = new CostScalingCirculation(problem, vc, ec, excludedArcs, CostScalingCirculation.FirstMeetingBonus(problem));
        solver.Solve();
        return Summarise(problem, solver.EnableFirstMeetingBonus());
    }

    /// <summary>
    /// The same optimum by successive shortest paths from one visitor unit at a time (see <see cref="FlowSearch"/>).
    /// Slower on crowded events, kept as an independent exact algorithm to cross-check the main one in tests.
    /// </summary>
    internal static BMatching SolveBySuccessiveShortestPaths(
        MatchingProblem problem, int[]? visitorCapacity = null, int[]? exhibitorCapacity = null, bool[]? excludedArcs = null)
    {
        var state = new FlowSearch(problem, visitorCapacity ?? problem.VisitorCapacity, exhibitorCapacity ?? problem.ExhibitorCapacity, excludedArcs);
        state.Run();
        return Summarise(problem, state.Flow);
    }

    internal static BMatching Summarise(MatchingProblem problem, bool[] flow)
    {
        long value = 0;
        var count = 0;
        for (var a = 0; a < problem.ArcCount; a++)
        {
            if (flow[a])
            {
                value += problem.ArcWeight[a];
                count++;
            }
        }

        return new BMatching(flow, value, count);
    }

    /// <summary>
    /// Successive shortest paths, one visitor unit at a time: after adding a unit z -> v, the only possible
    /// negative residual cycle uses it, so the cheapest cycle through it (a Dijkstra from v on reduced costs, with
    /// potentials kept from earlier searches, pruned where the cycle stops paying, stopped when z is settled)
    /// restores optimality. A unit that does not pay never will, so the visitor's other units are skipped.
    /// </summary>
    private sealed class FlowSearch
    {
        private readonly MatchingProblem p;
        private readonly int nv;
        private readonly int z;
        private readonly int[] visitorCap;
        private readonly bool[]? excluded;
        private readonly int[] exStart;   // matched-arc list segment per exhibitor
        private readonly int[] exCap;
        private readonly int[] exCount;
        private readonly int[] matched;
        private readonly long[] boothKey;
        private readonly int[] cursorArc;
        private readonly int cursorBase;
        private readonly List<int> borrowed = [];
        private readonly int[] arcPos;
        private readonly int[] load;      // meetings per visitor
        private readonly long[] h;        // potentials; h[z] stays 0
        private readonly long[] dist;
        private readonly int[] seen;      // epoch when dist became valid
        private readonly int[] done;      // epoch when settled
        private readonly int[] parent;    // arc used to reach a participant node
        private readonly List<int> settled = [];
        private readonly MinHeap heap = new();
        private int epoch;
        private int zFrom;

        public FlowSearch(MatchingProblem problem, int[] visitorCapacity, int[] exhibitorCapacity, bool[]? excludedArcs)
        {
            p = problem;
            nv = problem.VisitorCount;
            var ne = problem.ExhibitorCount;
            if (visitorCapacity.Length != nv || exhibitorCapacity.Length != ne)
            {
                throw new ArgumentException("Capacities must have one entry per participant.");
            }

            if (excludedArcs is not null && excludedArcs.Length != problem.ArcCount)
            {
                throw new ArgumentException("Excluded-arc flags must have one entry per arc.", nameof(excludedArcs));
            }

            z = nv + ne;
            excluded = excludedArcs;
            Flow = new bool[problem.ArcCount];
            visitorCap = visitorCapacity;
            var inDegree = new int[ne];
            for (var a = 0; a < problem.ArcCount; a++)
            {
                if (excludedArcs is null || !excludedArcs[a])
                {
                    inDegree[problem.ArcExhibitor[a]]++;
                }
            }

            exStart = new int[ne + 1];
            exCap = new int[ne];
            for (var e = 0; e < ne; e++)
            {
                exCap[e] = Math.Clamp(exhibitorCapacity[e], 0, inDegree[e]);
                exStart[e + 1] = exStart[e] + exCap[e];
            }

            exCount = new int[ne];
            matched = new int[exStart[ne]];
            boothKey = new long[exStart[ne]];
            cursorArc = new int[ne];
            cursorBase = z + 1;
            arcPos = new int[problem.ArcCount];
            load = new int[nv];
            var n = z + 1;
            h = new long[n];
            dist = new long[n];
            seen = new int[n];
            done = new int[n];
            parent = new int[n];
            for (var v = 0; v < nv; v++)
            {
                for (var a = p.VisitorArcStart[v]; a < p.VisitorArcStart[v + 1]; a++)
                {
                    h[v] = Math.Max(h[v], p.ArcWeight[a]);
                }
            }
        }

        public bool[] Flow { get; }

        /// <summary>
        /// Adds visitor units in greedy order: by the marginal value of the unit (the visitor's k-th best weight),
        /// so the early flow resembles the greedy solution and later units rarely have to displace earlier ones,
        /// which keeps the searches short. Exactness does not depend on the order: after every step the flow is
        /// optimal for all units added so far, so a unit that does not pay now never will, and the visitor's
        /// remaining units are skipped.
        /// </summary>
        public void Run()
        {
            var units = new List<(long Value, int Visitor)>();
            var weights = new List<int>();
            for (var v = 0; v < nv; v++)
            {
                weights.Clear();
                for (var a = p.VisitorArcStart[v]; a < p.VisitorArcStart[v + 1]; a++)
                {
                    if (excluded is null || !excluded[a])
                    {
                        weights.Add(p.ArcWeight[a]);
                    }
                }

                weights.Sort();
                for (var k = 0; k < Math.Min(visitorCap[v], weights.Count); k++)
                {
                    units.Add((weights[weights.Count - 1 - k], v));
                }
            }

            units.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : x.Visitor.CompareTo(y.Visitor));
            var saturated = new bool[nv];
            var started = new bool[nv];
            foreach (var (_, v) in units)
            {
                if (!started[v])
                {
                    started[v] = true;
                    TightenFreshVisitor(v);
                }

                if (!saturated[v] && !Augment(v))
                {
                    saturated[v] = true;
                }
            }
        }

        /// <summary>
        /// A visitor without flow only needs h[v] >= w + h[e] on its arcs. Booth potentials only fall, so the
        /// starting value (its largest weight) can be lowered to the tightest such bound when the visitor's turn
        /// comes; h[v] is also the search limit, so this prunes the first search hard.
        /// </summary>
        private void TightenFreshVisitor(int v)
        {
            var best = long.MinValue;
            for (var a = p.VisitorArcStart[v]; a < p.VisitorArcStart[v + 1]; a++)
            {
                var e = p.ArcExhibitor[a];
                if ((excluded is null || !excluded[a]) && exCap[e] != 0)
                {
                    best = Math.Max(best, p.ArcWeight[a] + h[nv + e]);
                }
            }

            h[v] = best == long.MinValue ? 0 : best;
        }

        /// <summary>Cheapest residual cycle z -> src -> ... -> z; applies it when its cost is negative.</summary>
        private bool Augment(int src)
        {
            epoch++;
            settled.Clear();
            heap.Clear();
            borrowed.Clear();
            var limit = h[src]; // a cycle pays iff its reduced length to z is below h[src] - h[z]
            dist[src] = 0;
            seen[src] = epoch;
            heap.Push(0, src);
            var zDist = long.MaxValue;
            while (heap.Count > 0)
            {
                var (d, u) = heap.Pop();
                if (d >= zDist)
                {
                    break;
                }

                if (u >= cursorBase)
                {
                    // Next-cheapest matched visitor of a settled booth: reach it, then queue the one after.
                    var e = u - cursorBase;
                    var a = cursorArc[e];
                    Relax(p.ArcVisitor[a], d, a, Math.Min(limit, zDist));
                    QueueNextMatched(e, Math.Min(limit, zDist));
                    continue;
                }

                if (done[u] == epoch || d != dist[u])
                {
                    continue;
                }

                done[u] = epoch;
                settled.Add(u);
                var bound = Math.Min(limit, zDist);
                var hu = h[u];
                if (u < nv)
                {
                    for (var a = p.VisitorArcStart[u]; a < p.VisitorArcStart[u + 1]; a++)
                    {
                        if (Flow[a] || (excluded is not null && excluded[a]))
                        {
                            continue;
                        }

                        var x = nv + p.ArcExhibitor[a];
                        if (exCap[x - nv] != 0)
                        {
                            Relax(x, d + hu - p.ArcWeight[a] - h[x], a, bound);
                        }
                    }

                    if (u != src && load[u] > 0 && d + hu < bound)
                    {
                        zDist = d + hu;
                        zFrom = u;
                    }
                }
                else
                {
                    var e = u - nv;
                    if (exCount[e] < exCap[e] && d + hu < bound)
                    {
                        zDist = d + hu;
                        zFrom = u;
                    }

                    QueueNextMatched(e, Math.Min(limit, zDist));
                }
            }

            // Borrowed arcs go back with fresh keys before potentials move on.
            var found = zDist != long.MaxValue;
            if (found)
            {
                foreach (var u in settled)
                {
                    h[u] += dist[u] - zDist;
                }
            }

            foreach (var a in borrowed)
            {
                BoothAdd(p.ArcExhibitor[a], a);
            }

            if (found)
            {
                Apply(src);
            }

            return found;
        }

        /// <summary>
        /// Matched visitors of a settled booth are visited lazily in order of reduced cost (a per-booth heap keyed
        /// by w - h[visitor]) instead of relaxing the whole list: most searches stop after a handful.
        /// </summary>
        private void QueueNextMatched(int e, long bound)
        {
            if (exCount[e] == 0)
            {
                return;
            }

            var x = nv + e;
            var a = BoothPeekValid(e);
            var key = dist[x] + h[x] + boothKey[exStart[e]];
            if (key >= bound)
            {
                return;
            }

            BoothRemoveAt(e, exStart[e]);
            borrowed.Add(a);
            cursorArc[e] = a;
            heap.Push(key, cursorBase + e);
        }

        private void Relax(int x, long nd, int arc, long bound)
        {
            if (nd >= bound || done[x] == epoch || (seen[x] == epoch && nd >= dist[x]))
            {
                return;
            }

            seen[x] = epoch;
            dist[x] = nd;
            parent[x] = arc;
            heap.Push(nd, x);
        }

        private void Apply(int src)
        {
            var node = zFrom;
            if (node < nv)
            {
                load[node]--;
            }

            while (node != src)
            {
                var a = parent[node];
                if (node >= nv)
                {
                    // reached the booth through the visitor's free arc: take it
                    Flow[a] = true;
                    BoothAdd(node - nv, a);
                    node = p.ArcVisitor[a];
                }
                else
                {
                    // reached the visitor through its matched arc backwards: give it up
                    var e = p.ArcExhibitor[a];
                    Flow[a] = false;
                    BoothRemoveAt(e, arcPos[a]);
                    node = nv + e;
                }
            }

            load[src]++;
        }

        // Per-booth binary min-heap of matched arcs in matched[exStart[e] ..], keyed by w - h[visitor].
        // Potentials only decrease, so stored keys can only be too low; they are refreshed when they surface.
        private long CurrentKey(int a) => p.ArcWeight[a] - h[p.ArcVisitor[a]];

        private int BoothPeekValid(int e)
        {
            var top = exStart[e];
            while (true)
            {
                var a = matched[top];
                var key = CurrentKey(a);
                if (key == boothKey[top])
                {
                    return a;
                }

                boothKey[top] = key;
                SiftDown(e, 0);
            }
        }

        private void BoothAdd(int e, int a)
        {
            var i = exCount[e]++;
            Place(e, i, a, CurrentKey(a));
            SiftUp(e, i);
        }

        private void BoothRemoveAt(int e, int position)
        {
            var i = position - exStart[e];
            var lastIndex = --exCount[e];
            if (i == lastIndex)
            {
                return;
            }

            var last = exStart[e] + lastIndex;
            Place(e, i, matched[last], boothKey[last]);
            SiftUp(e, i);
            SiftDown(e, arcPos[matched[last]] - exStart[e]);
        }

        private void Place(int e, int i, int a, long key)
        {
            var at = exStart[e] + i;
            matched[at] = a;
            boothKey[at] = key;
            arcPos[a] = at;
        }

        private void SiftUp(int e, int i)
        {
            var b = exStart[e];
            var a = matched[b + i];
            var key = boothKey[b + i];
            while (i > 0)
            {
                var up = (i - 1) >> 1;
                if (!Before(key, a, boothKey[b + up], matched[b + up]))
                {
                    break;
                }

                Place(e, i, matched[b + up], boothKey[b + up]);
                i = up;
            }

            Place(e, i, a, key);
        }

        private void SiftDown(int e, int i)
        {
            var b = exStart[e];
            var n = exCount[e];
            var a = matched[b + i];
            var key = boothKey[b + i];
            while (true)
            {
                var c = (2 * i) + 1;
                if (c >= n)
                {
                    break;
                }

                if (c + 1 < n && Before(boothKey[b + c + 1], matched[b + c + 1], boothKey[b + c], matched[b + c]))
                {
                    c++;
                }

                if (!Before(boothKey[b + c], matched[b + c], key, a))
                {
                    break;
                }

                Place(e, i, matched[b + c], boothKey[b + c]);
                i = c;
            }

            Place(e, i, a, key);
        }

        private static bool Before(long k1, int a1, long k2, int a2) => k1 < k2 || (k1 == k2 && a1 < a2);
    }
}

