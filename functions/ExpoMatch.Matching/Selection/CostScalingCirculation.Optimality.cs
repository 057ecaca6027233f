using System.Runtime.CompilerServices;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// The proof half of <see cref="CostScalingCirculation"/>: exact potentials from the scaled prices (the optimality
/// certificate that ends cost scaling early; warm repairs after a change keep them exact, see the Repair file).
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
}
