using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Selection;

/// <summary>A chosen set of arcs (stage A) and its total weight.</summary>
public sealed record BMatching(bool[] Selected, long Value, int Count);

/// <summary>
/// Exact maximum-weight bipartite b-matching (each pair at most once, flow amount free).
/// <para>
/// Model: a min-cost circulation on visitors, exhibitors and one hub node z (source and sink merged):
/// z -> v (capacity b_v), v -> e (capacity 1, cost -w), e -> z (capacity b_e). Units of visitor capacity are added
/// one at a time; after each, the only possible negative residual cycle uses the new z -> v arc, so the cheapest
/// cycle through it (a Dijkstra from v on reduced costs, with node potentials kept from earlier searches) restores
/// optimality. That is successive shortest paths, but each search starts at one visitor, is pruned at the bound
/// where the cycle would stop paying off, and ends as soon as z is settled, so most searches touch a few dozen nodes.
/// When a unit does not pay, later units of the same visitor cannot either. The result is exactly optimal
/// (see <see cref="BMatchingCertificate"/> for an independent check).
/// </para>
/// </summary>
public static class BMatchingSolver
{
    /// <param name="visitorCapacity">Effective b_v per visitor; default: the problem's.</param>
    /// <param name="exhibitorCapacity">Effective b_e per exhibitor; default: the problem's.</param>
    /// <param name="excludedArcs">Arcs that may not be chosen (fixed elsewhere, or unplaceable); default none.</param>
    public static BMatching Solve(
        MatchingProblem problem, int[]? visitorCapacity = null, int[]? exhibitorCapacity = null, bool[]? excludedArcs = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var state = new FlowSearch(problem, visitorCapacity ?? problem.VisitorCapacity, exhibitorCapacity ?? problem.ExhibitorCapacity, excludedArcs);
        state.Run();
        long value = 0;
        var count = 0;
        for (var a = 0; a < problem.ArcCount; a++)
        {
            if (state.Flow[a])
            {
                value += problem.ArcWeight[a];
                count++;
            }
        }

        return new BMatching(state.Flow, value, count);
    }

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

        public void Run()
        {
            for (var v = 0; v < nv; v++)
            {
                var units = visitorCap[v];
                while (units-- > 0 && Augment(v))
                {
                }
            }
        }

        /// <summary>Cheapest residual cycle z -> src -> ... -> z; applies it when its cost is negative.</summary>
        private bool Augment(int src)
        {
            epoch++;
            settled.Clear();
            heap.Clear();
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

                if (done[u] == epoch || d != dist[u])
                {
                    continue;
                }

                done[u] = epoch;
                settled.Add(u);
                var bound = Math.Min(limit, zDist);
                if (u < nv)
                {
                    var hu = h[u];
                    for (var a = p.VisitorArcStart[u]; a < p.VisitorArcStart[u + 1]; a++)
                    {
                        if (Flow[a] || (excluded is not null && excluded[a]))
                        {
                            continue;
                        }

                        var e = p.ArcExhibitor[a];
                        var x = nv + e;
                        if (exCap[e] == 0)
                        {
                            continue;
                        }

                        Relax(x, d + hu - p.ArcWeight[a] - h[x], a, bound);
                    }

                    if (u != src && load[u] > 0 && d + hu < zDist && d + hu < limit)
                    {
                        zDist = d + hu;
                        zFrom = u;
                    }
                }
                else
                {
                    var e = u - nv;
                    var hu = h[u];
                    if (exCount[e] < exCap[e] && d + hu < zDist && d + hu < limit)
                    {
                        zDist = d + hu;
                        zFrom = u;
                    }

                    for (var i = exStart[e]; i < exStart[e] + exCount[e]; i++)
                    {
                        var a = matched[i];
                        var x = p.ArcVisitor[a];
                        Relax(x, d + hu + p.ArcWeight[a] - h[x], a, Math.Min(limit, zDist));
                    }
                }
            }

            if (zDist == long.MaxValue)
            {
                return false;
            }

            foreach (var u in settled)
            {
                h[u] += dist[u] - zDist;
            }

            Apply(src);
            return true;
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
                    // reached exhibitor through the visitor's free arc: take it
                    var e = node - nv;
                    Flow[a] = true;
                    arcPos[a] = exStart[e] + exCount[e];
                    matched[arcPos[a]] = a;
                    exCount[e]++;
                    node = p.ArcVisitor[a];
                }
                else
                {
                    // reached visitor through its matched arc backwards: give it up
                    var e = p.ArcExhibitor[a];
                    Flow[a] = false;
                    var last = exStart[e] + exCount[e] - 1;
                    var moved = matched[last];
                    matched[arcPos[a]] = moved;
                    arcPos[moved] = arcPos[a];
                    exCount[e]--;
                    node = nv + e;
                }
            }

            load[src]++;
        }
    }
}
