using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// Exact b-matching by cost-scaling push-relabel (Goldberg and Tarjan) on the circulation
/// z -> v (cap b_v), v -> e (cap 1, cost -w), e -> z (cap b_e). Costs are multiplied by n + 1 so that the
/// 1-optimal circulation of the last phase is optimal for the integer costs; epsilon shrinks by
/// <see cref="Alpha"/> per phase. Each phase saturates every arc of negative reduced cost and then
/// discharges nodes with excess in FIFO order (push on admissible arcs, relabel when none is left).
/// </summary>
internal sealed class CostScalingCirculation
{
    // Measured on the synthetic M and XL events: alpha 4 needed 1.5M relabels where 16 needed 6.6M and 64 16.6M
    // (2 and 3 were close to 4). Small steps keep each phase's repairs local.
    private const long Alpha = 4;
    private readonly int n;
    private readonly int[] start;   // CSR of residual arcs per node
    private readonly int[] to;
    private readonly int[] rev;
    private readonly int[] cap;     // residual capacity
    private readonly long[] cost;
    private readonly long[] price;
    private readonly long[] excess;
    private readonly int[] current;
    private readonly int[] arcSlot; // problem arc -> residual arc v -> e
    private readonly int arcs;

    public CostScalingCirculation(MatchingProblem p, int[] visitorCap, int[] exhibitorCap, bool[]? excluded)
    {
        var nv = p.VisitorCount;
        var ne = p.ExhibitorCount;
        var z = nv + ne;
        n = z + 1;
        var degree = new int[n + 1];
        arcs = p.ArcCount;
        var used = 0;
        for (var a = 0; a < arcs; a++)
        {
            if (excluded is null || !excluded[a])
            {
                degree[p.ArcVisitor[a]]++;
                degree[nv + p.ArcExhibitor[a]]++;
                used++;
            }
        }

        for (var v = 0; v < nv; v++)
        {
            degree[v]++;
            degree[z]++;
        }

        for (var e = 0; e < ne; e++)
        {
            degree[nv + e]++;
            degree[z]++;
        }

        start = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            start[i + 1] = start[i] + degree[i];
        }

        var m = start[n];
        to = new int[m];
        rev = new int[m];
        cap = new int[m];
        cost = new long[m];
        var fill = (int[])start.Clone();
        var scale = (long)n + 1;
        arcSlot = new int[arcs];
        void Add(int u, int v, int c, long w)
        {
            int i = fill[u]++, j = fill[v]++;
            to[i] = v;
            rev[i] = j;
            cap[i] = c;
            cost[i] = w;
            to[j] = u;
            rev[j] = i;
            cap[j] = 0;
            cost[j] = -w;
        }

        for (var a = 0; a < arcs; a++)
        {
            if (excluded is null || !excluded[a])
            {
                arcSlot[a] = fill[p.ArcVisitor[a]];
                Add(p.ArcVisitor[a], nv + p.ArcExhibitor[a], 1, -p.ArcWeight[a] * scale);
            }
            else
            {
                arcSlot[a] = -1;
            }
        }

        for (var v = 0; v < nv; v++)
        {
            Add(z, v, Math.Max(0, visitorCap[v]), 0);
        }

        for (var e = 0; e < ne; e++)
        {
            Add(nv + e, z, Math.Max(0, exhibitorCap[e]), 0);
        }

        price = new long[n];
        excess = new long[n];
        current = new int[n];
    }

    public bool[] Solve()
    {
        RunPhases(FirstEpsilon());
        return Selected();
    }

    /// <summary>
    /// Forbids more arcs and re-optimises from the current prices. Refine accepts any prices (it first saturates
    /// every arc of negative reduced cost), so the result is exact. The full epsilon schedule is needed: starting
    /// at one unit of the original weights made XL re-selection 40x slower, as freed capacity moves prices far.
    /// </summary>
    public bool[] ExcludeAndResolve(IEnumerable<int> problemArcs)
    {
        foreach (var a in problemArcs)
        {
            var i = arcSlot[a];
            if (i < 0)
            {
                continue;
            }

            if (cap[i] == 0)
            {
                // Undo its unit of flow: the visitor gets the unit back, the booth loses it.
                excess[to[rev[i]]] += 1;
                excess[to[i]] -= 1;
            }

            cap[i] = 0;
            cap[rev[i]] = 0;
            arcSlot[a] = -1;
        }

        RunPhases(FirstEpsilon());
        return Selected();
    }

    private long FirstEpsilon()
    {
        long maxCost = 0;
        foreach (var c in cost)
        {
            maxCost = Math.Max(maxCost, Math.Abs(c));
        }

        return Math.Max(1, maxCost / Alpha);
    }

    private void RunPhases(long firstEpsilon)
    {
        for (var epsilon = firstEpsilon; ; epsilon = Math.Max(1, epsilon / Alpha))
        {
            Refine(epsilon);
            if (epsilon == 1)
            {
                return;
            }
        }
    }

    private bool[] Selected()
    {
        var selected = new bool[arcs];
        for (var a = 0; a < arcs; a++)
        {
            selected[a] = arcSlot[a] >= 0 && cap[arcSlot[a]] == 0;
        }

        return selected;
    }

    private void Refine(long epsilon)
    {
        // Saturate every admissible arc: the circulation becomes a pseudo-flow that is 0-optimal.
        for (var u = 0; u < n; u++)
        {
            for (var i = start[u]; i < start[u + 1]; i++)
            {
                if (cap[i] > 0 && cost[i] + price[u] - price[to[i]] < 0)
                {
                    var delta = cap[i];
                    cap[i] = 0;
                    cap[rev[i]] += delta;
                    excess[u] -= delta;
                    excess[to[i]] += delta;
                }
            }
        }

        var queue = new Queue<int>();
        for (var u = 0; u < n; u++)
        {
            current[u] = start[u];
            if (excess[u] > 0)
            {
                queue.Enqueue(u);
            }
        }

        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            Discharge(u, epsilon, queue);
        }
    }

    private void Discharge(int u, long epsilon, Queue<int> queue)
    {
        while (excess[u] > 0)
        {
            var end = start[u + 1];
            var i = current[u];
            for (; i < end && excess[u] > 0; i++)
            {
                if (cap[i] == 0 || cost[i] + price[u] - price[to[i]] >= 0)
                {
                    continue;
                }

                var v = to[i];

                // Look-ahead: a node without excess and without admissible arcs would only push the flow back;
                // relabel it first and re-check this arc.
                if (excess[v] >= 0 && !HasAdmissible(v))
                {
                    Relabel(v, epsilon);
                    if (cost[i] + price[u] - price[v] >= 0)
                    {
                        continue;
                    }
                }

                var delta = (int)Math.Min(excess[u], cap[i]);
                cap[i] -= delta;
                cap[rev[i]] += delta;
                excess[u] -= delta;
                var wasInactive = excess[v] <= 0;
                excess[v] += delta;
                if (wasInactive && excess[v] > 0)
                {
                    queue.Enqueue(v);
                }

                if (excess[u] == 0)
                {
                    break;
                }
            }

            current[u] = i < end ? i : start[u];
            if (excess[u] > 0)
            {
                Relabel(u, epsilon);
            }
        }
    }

    private bool HasAdmissible(int u)
    {
        var pu = price[u];
        for (var i = current[u]; i < start[u + 1]; i++)
        {
            if (cap[i] > 0 && cost[i] + pu - price[to[i]] < 0)
            {
                current[u] = i;
                return true;
            }
        }

        return false;
    }

    /// <summary>Lowers the price just enough that the cheapest residual arc becomes admissible (reduced cost -epsilon).</summary>
    private void Relabel(int u, long epsilon)
    {
        var best = long.MinValue;
        for (var k = start[u]; k < start[u + 1]; k++)
        {
            if (cap[k] > 0)
            {
                best = Math.Max(best, price[to[k]] - cost[k]);
            }
        }

        // A node without residual arcs (say a booth with no capacity and no flow) has no constraint at all.
        price[u] = best == long.MinValue ? price[u] - epsilon : best - epsilon;
        current[u] = start[u];
    }
}
