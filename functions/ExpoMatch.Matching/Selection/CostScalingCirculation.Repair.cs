using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// Warm repairs of <see cref="CostScalingCirculation"/>: after a change (arcs excluded, the fairness bonus switched
/// on), optimality is restored from the exact potentials by successive shortest paths, which keep them exact.
/// <para>
/// The hub cluster: a visitor with some but not all of its units used has residual arcs to and from the hub, so
/// exact potentials give it the hub's price (both reduced costs are non-negative, hence zero). On windowed XL about
/// 19,000 visitors are such, and a search that settled the hub settled all of them and relaxed their 20 arcs each
/// before reaching the deficit (about 22,000 of 52,000 nodes per search). Their only useful arcs lead to booths, so
/// the search settles them at the hub's distance without scanning and reaches each booth through its best arc from
/// the cluster (<see cref="clusterArc"/>, the heaviest residual arc from such a visitor, kept up to date as paths
/// change flows). Distances, paths and potentials are the same as a plain Dijkstra's.
/// </para>
/// </summary>
internal sealed partial class CostScalingCirculation
{
    private int[]? clusterArc; // per booth: visitor-side arc of the heaviest residual arc from the hub cluster, or -1

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
        clusterArc ??= new int[z - nv];
        for (var e = nv; e < z; e++)
        {
            UpdateClusterArc(e);
        }

        var search = new ShortestPaths(n);
        for (var u = 0; u < n; u++)
        {
            while (excess[u] > 0)
            {
                SendToNearestDeficit(u, search);
            }
        }
    }

    /// <summary>A visitor whose hub arc (the plain one) has residual capacity both ways: its price is the hub's.</summary>
    private bool InHubCluster(int v) => v < nv && cap[visitorSlot[v]] > 0 && cap[rev[visitorSlot[v]]] > 0;

    private void UpdateClusterArc(int booth)
    {
        var best = -1;
        var bestWeight = int.MinValue;
        for (var i = start[booth]; i < start[booth + 1]; i++)
        {
            var v = to[i];
            var forward = rev[i];
            if (cap[forward] > 0 && InHubCluster(v) && -unitCost[forward] > bestWeight)
            {
                bestWeight = -unitCost[forward];
                best = forward;
            }
        }

        clusterArc![booth - nv] = best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SendToNearestDeficit(int source, ShortestPaths s)
    {
        s.Begin(source, UpperBoundToDeficit(source));
        var target = -1;
        long reach = 0;
        while (s.Heap.Count > 0 && target < 0)
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

            if (u == z)
            {
                target = SettleHub(d, s);
                reach = d; // used only when the hub cluster held the deficit
                continue;
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

        Augment(source, target, s);
    }

    /// <summary>
    /// The length of a path source -> hub -> deficit (directly or through the hub cluster) when there is one: no
    /// node farther than that can be on the shortest path, so the search does not queue it. Most of a search's heap
    /// entries were such (matched visitors of settled booths).
    /// </summary>
    private long UpperBoundToDeficit(int source)
    {
        var pz = price[z];
        long toHub = long.MaxValue;
        for (var i = start[source]; i < start[source + 1]; i++)
        {
            if (to[i] == z && cap[i] > 0)
            {
                toHub = Math.Min(toHub, Cost(i) + price[source] - pz);
            }
        }

        if (toHub == long.MaxValue || excess[z] < 0)
        {
            return toHub;
        }

        var fromHub = long.MaxValue;
        for (var i = start[z]; i < start[z + 1]; i++)
        {
            var e = to[i];
            if (IsBooth(e) && excess[e] < 0)
            {
                if (cap[i] > 0)
                {
                    fromHub = Math.Min(fromHub, Cost(i) + pz - price[e]);
                }

                var c = clusterArc![e - nv];
                if (c >= 0)
                {
                    fromHub = Math.Min(fromHub, Cost(c) + pz - price[e]);
                }
            }
        }

        return fromHub == long.MaxValue ? long.MaxValue : toHub + fromHub;
    }

    /// <summary>
    /// Settles the hub at distance d: the hub cluster at once (returns one of them if it has a deficit, else -1),
    /// the cluster's booths through <see cref="clusterArc"/>, and the hub's other arcs as usual.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int SettleHub(long d, ShortestPaths s)
    {
        var pz = price[z];
        for (var i = start[z]; i < start[z + 1]; i++)
        {
            if (cap[i] == 0)
            {
                continue;
            }

            var v = to[i];
            var reduced = Cost(i) + pz - price[v];
            if (v < nv && i == visitorSlot[v] && InHubCluster(v))
            {
                Debug.Assert(reduced == 0, "Exact potentials give the hub cluster the hub's price.");
                if (!s.Settled(v))
                {
                    s.SettleAt(v, d, i);
                    if (excess[v] < 0)
                    {
                        return v;
                    }
                }
            }
            else
            {
                s.Relax(v, d + reduced, i);
            }
        }

        for (var e = nv; e < z; e++)
        {
            var i = clusterArc![e - nv];
            if (i >= 0)
            {
                // The arc's visitor has the hub's price, so its reduced cost is read with pz.
                s.Relax(e, d + Cost(i) + pz - price[e], i);
            }
        }

        return -1;
    }

    private void Augment(int source, int target, ShortestPaths s)
    {
        var amount = Math.Min(excess[source], -excess[target]);
        var path = new List<int> { source };
        for (var v = target; v != source; v = to[rev[s.Parent[v]]])
        {
            amount = Math.Min(amount, cap[s.Parent[v]]);
            path.Add(v);
        }

        var wasInCluster = path.ConvertAll(InHubCluster);
        for (var v = target; v != source; v = to[rev[s.Parent[v]]])
        {
            var i = s.Parent[v];
            cap[i] -= (int)amount;
            cap[rev[i]] += (int)amount;
        }

        excess[source] -= amount;
        excess[target] += amount;

        // Arcs changed sides: re-partition the booths on the path (after the walk, which reads arc positions), and
        // refresh the cluster arcs of the booths on the path and of every visitor that joined or left the cluster.
        foreach (var u in path)
        {
            if (IsBooth(u))
            {
                PartitionBooth(u);
                UpdateClusterArc(u);
            }
        }

        for (var k = 0; k < path.Count; k++)
        {
            var u = path[k];
            if (u < nv && InHubCluster(u) != wasInCluster[k])
            {
                for (var i = start[u]; i < start[u + 1]; i++)
                {
                    if (IsBooth(to[i]))
                    {
                        UpdateClusterArc(to[i]);
                    }
                }
            }
        }
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

        private long bound;

        /// <summary>Starts a search from source; nodes farther than <paramref name="bound"/> are never queued.</summary>
        public void Begin(int source, long bound)
        {
            this.bound = bound;
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

        /// <summary>Settles u at distance d without the heap (it is known to be at the current minimum).</summary>
        public void SettleAt(int u, long d, int arc)
        {
            seen[u] = epoch;
            Dist[u] = d;
            Parent[u] = arc;
            Settle(u);
        }

        public void Relax(int v, long d, int arc)
        {
            if (d > bound || done[v] == epoch || (seen[v] == epoch && d >= Dist[v]))
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
