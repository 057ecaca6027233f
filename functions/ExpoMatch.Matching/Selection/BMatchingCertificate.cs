using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// Independent optimality check of a b-matching: a flow is a minimum-cost circulation exactly when its residual
/// graph has no negative cycle (equivalently, feasible duals exist and complementary slackness holds).
/// Bellman-Ford (queue-based) finds one if it exists. O(nodes x arcs) worst case: meant for tests and audits,
/// not for the hot path.
/// </summary>
public static class BMatchingCertificate
{
    /// <summary>True when <paramref name="selected"/> is feasible and of maximum weight.</summary>
    /// <param name="firstMeetingBonus">
    /// Extra weight of each visitor's first meeting (fairness <c>atLeastOne</c>); 0 checks the plain objective.
    /// </param>
    public static bool IsOptimal(
        MatchingProblem problem,
        bool[] selected,
        int[]? visitorCapacity = null,
        int[]? exhibitorCapacity = null,
        bool[]? excludedArcs = null,
        long firstMeetingBonus = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(selected);
        var vc = visitorCapacity ?? problem.VisitorCapacity;
        var ec = exhibitorCapacity ?? problem.ExhibitorCapacity;
        int nv = problem.VisitorCount, ne = problem.ExhibitorCount;
        var z = nv + ne;
        var n = z + 1;
        var loadV = new int[nv];
        var loadE = new int[ne];
        var edges = new List<(int From, int To, long Cost)>();
        for (var a = 0; a < problem.ArcCount; a++)
        {
            int v = problem.ArcVisitor[a], e = problem.ArcExhibitor[a];
            if (selected[a])
            {
                if (excludedArcs is not null && excludedArcs[a])
                {
                    return false;
                }

                loadV[v]++;
                loadE[e]++;
                edges.Add((nv + e, v, problem.ArcWeight[a]));
            }
            else if (excludedArcs is null || !excludedArcs[a])
            {
                edges.Add((v, nv + e, -problem.ArcWeight[a]));
            }
        }

        for (var v = 0; v < nv; v++)
        {
            if (loadV[v] > Math.Max(0, vc[v]))
            {
                return false;
            }

            if (firstMeetingBonus > 0 && vc[v] > 0)
            {
                // The hub arc splits into the first unit (cost -bonus) and the rest (cost 0); flow fills the first.
                var first = Math.Min(loadV[v], 1);
                edges.Add(first == 0 ? (z, v, -firstMeetingBonus) : (v, z, firstMeetingBonus));
                if (loadV[v] - first < vc[v] - 1)
                {
                    edges.Add((z, v, 0));
                }

                if (loadV[v] - first > 0)
                {
                    edges.Add((v, z, 0));
                }

                continue;
            }

            if (loadV[v] < vc[v])
            {
                edges.Add((z, v, 0));
            }

            if (loadV[v] > 0)
            {
                edges.Add((v, z, 0));
            }
        }

        for (var e = 0; e < ne; e++)
        {
            if (loadE[e] > Math.Max(0, ec[e]))
            {
                return false;
            }

            if (loadE[e] < ec[e])
            {
                edges.Add((nv + e, z, 0));
            }

            if (loadE[e] > 0)
            {
                edges.Add((z, nv + e, 0));
            }
        }

        return !HasNegativeCycle(n, edges);
    }

    private static bool HasNegativeCycle(int n, List<(int From, int To, long Cost)> edges)
    {
        var outStart = new int[n + 1];
        foreach (var (f, _, _) in edges)
        {
            outStart[f + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            outStart[i + 1] += outStart[i];
        }

        var fill = (int[])outStart.Clone();
        var to = new int[edges.Count];
        var cost = new long[edges.Count];
        foreach (var (f, t, c) in edges)
        {
            to[fill[f]] = t;
            cost[fill[f]++] = c;
        }

        // All-zero start = a virtual source joined to every node; path length > n means a cycle.
        var dist = new long[n];
        var hops = new int[n];
        var inQueue = new bool[n];
        var queue = new Queue<int>();
        for (var i = 0; i < n; i++)
        {
            queue.Enqueue(i);
            inQueue[i] = true;
        }

        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            inQueue[u] = false;
            for (var k = outStart[u]; k < outStart[u + 1]; k++)
            {
                var nd = dist[u] + cost[k];
                var t = to[k];
                if (nd < dist[t])
                {
                    dist[t] = nd;
                    hops[t] = hops[u] + 1;
                    if (hops[t] > n)
                    {
                        return true;
                    }

                    if (!inQueue[t])
                    {
                        inQueue[t] = true;
                        queue.Enqueue(t);
                    }
                }
            }
        }

        return false;
    }
}
