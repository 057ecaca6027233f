using System.Runtime.CompilerServices;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// The proof half of <see cref="CostScalingCirculation"/>: exact potentials from the scaled prices (the optimality
/// certificate that ends cost scaling early) and warm repairs that keep them exact after a change.
/// </summary>
internal sealed partial class CostScalingCirculation
{
    /// <summary>
    /// Turns the prices into exact potentials when the flow is optimal: rounded down to whole weight units every
    /// reduced cost is at least -1 unit, and a queue-based Bellman-Ford pass (at most <paramref name="budget"/>
    /// label updates) fixes the rest unless a negative cycle exists. On failure the prices are left as they were.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryExactPotentials(long budget)
    {
        var saved = (long[])price.Clone();
        for (var u = 0; u < n; u++)
        {
            price[u] = Math.DivRem(price[u], scale, out var r) - (r < 0 ? 1 : 0);
            price[u] *= scale;
        }

        var queue = new Queue<int>(n);
        var queued = new bool[n];
        for (var u = 0; u < n; u++)
        {
            queue.Enqueue(u);
            queued[u] = true;
        }

        long updates = 0;
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            queued[u] = false;
            var pu = price[u];
            for (var i = start[u]; i < start[u + 1]; i++)
            {
                var v = to[i];
                if (cap[i] > 0 && pu + Cost(i) < price[v])
                {
                    if (++updates > budget)
                    {
                        Array.Copy(saved, price, n);
                        return false;
                    }

                    price[v] = pu + Cost(i);
                    if (!queued[v])
                    {
                        queued[v] = true;
                        queue.Enqueue(v);
                    }
                }
            }
        }

        exact = true;
        return true;
    }

    /// <summary>
    /// Restores optimality after a change, from exact potentials: saturates every residual arc of negative reduced
    /// cost, then sends each unit of excess to the nearest deficit (Dijkstra on reduced costs), updating the
    /// potentials so that they stay exact. The result is optimal for the changed network. (Primal-dual rounds from
    /// all excess nodes at once were slower on windowed XL: each round made only one path tight.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Repair()
    {
        if (!exact)
        {
            throw new InvalidOperationException("Solve first: repairs start from exact potentials.");
        }

        SaturateNegativeArcs();
        PartitionBooths();

        var search = new ShortestPaths(n);
        for (var u = 0; u < n; u++)
        {
            while (excess[u] > 0)
            {
                SendToNearestDeficit(u, search);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendToNearestDeficit(int source, ShortestPaths s)
    {
        s.Begin(source);
        var target = -1;
        long reach = 0;
        while (s.Heap.Count > 0)
        {
            var (d, u) = s.Heap.Pop();
            if (s.Settled(u) || d != s.Dist[u])
            {
                continue;
            }

            s.Settle(u);
            if (excess[u] < 0)
            {
                target = u;
                reach = d;
                break;
            }

            // A booth's residual arcs are its live ones (its meetings back to their visitors, and the hub).
            var pu = price[u];
            var end = IsBooth(u) ? start[u] + live[u] : start[u + 1];
            for (var i = start[u]; i < end; i++)
            {
                if (cap[i] > 0)
                {
                    s.Relax(to[i], d + Cost(i) + pu - price[to[i]], i);
                }
            }
        }

        if (target < 0)
        {
            throw new InvalidOperationException("Excess without a path to a deficit: the circulation is infeasible.");
        }

        foreach (var u in s.SettledNodes)
        {
            price[u] += s.Dist[u] - reach;
        }

        var amount = Math.Min(excess[source], -excess[target]);
        for (var v = target; v != source; v = to[rev[s.Parent[v]]])
        {
            amount = Math.Min(amount, cap[s.Parent[v]]);
        }

        var touched = new List<int>();
        for (var v = target; v != source; v = to[rev[s.Parent[v]]])
        {
            var i = s.Parent[v];
            cap[i] -= (int)amount;
            cap[rev[i]] += (int)amount;
            touched.Add(v);
        }

        // Arcs changed sides: re-partition the booths on the path (after the walk, which reads arc positions).
        touched.Add(source);
        foreach (var u in touched)
        {
            if (IsBooth(u))
            {
                PartitionBooth(u);
            }
        }

        excess[source] -= amount;
        excess[target] += amount;
    }

    /// <summary>Dijkstra state reused across searches (epoch-stamped, so nothing is cleared between them).</summary>
    private sealed class ShortestPaths(int n)
    {
        private readonly int[] seen = new int[n];
        private readonly int[] done = new int[n];
        private int epoch;

        public long[] Dist { get; } = new long[n];

        public int[] Parent { get; } = new int[n];

        public MinHeap Heap { get; } = new();

        public List<int> SettledNodes { get; } = [];

        public void Begin(int source)
        {
            epoch++;
            Heap.Clear();
            SettledNodes.Clear();
            seen[source] = epoch;
            Dist[source] = 0;
            Heap.Push(0, source);
        }

        public bool Settled(int u) => done[u] == epoch;

        public void Settle(int u)
        {
            done[u] = epoch;
            SettledNodes.Add(u);
        }

        public void Relax(int v, long d, int arc)
        {
            if (done[v] == epoch || (seen[v] == epoch && d >= Dist[v]))
            {
                return;
            }

            seen[v] = epoch;
            Dist[v] = d;
            Parent[v] = arc;
            Heap.Push(d, v);
        }
    }
}
