using System.Runtime.CompilerServices;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// The start of <see cref="CostScalingCirculation"/>: instead of the zero flow and zero prices (whose first phase
/// saturates every arc and pushes about 0.9M units back on XL), a <see cref="VisitorAuction"/> flow and its booth
/// prices. When the proof of optimality fails on them, the epsilon for which the pair is epsilon-optimal is measured,
/// not assumed, so cost scaling continues from a true state and stays exact whatever the auction did.
/// </summary>
internal sealed partial class CostScalingCirculation
{
    /// <summary>Loads the auction's flow and booth prices, and gives each visitor the price that violates least.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LoadAuction(VisitorAuction auction)
    {
        for (var a = 0; a < arcs; a++)
        {
            var i = arcSlot[a];
            if (i >= 0 && auction.IsHeld(a))
            {
                SetFlow(i, 1);
                SetFlow(visitorSlot[to[rev[i]]], cap[rev[visitorSlot[to[rev[i]]]]] + 1);
                SetFlow(HubArc(to[i]), cap[rev[HubArc(to[i])]] + 1);
            }
        }

        price[z] = 0;
        for (var e = 0; e < auction.BoothPrice.Length; e++)
        {
            price[nv + e] = -auction.BoothPrice[e] * scale;
        }

        for (var v = 0; v < nv; v++)
        {
            price[v] = BestVisitorPrice(v);
        }
    }

    /// <summary>Puts <paramref name="flow"/> units on arc i (whose capacity is the residual plus its reverse's).</summary>
    private void SetFlow(int i, int flow)
    {
        var total = cap[i] + cap[rev[i]];
        cap[i] = total - flow;
        cap[rev[i]] = flow;
    }

    private int HubArc(int booth)
    {
        var i = start[booth + 1] - 1;
        while (to[i] != z)
        {
            i--;
        }

        return i;
    }

    /// <summary>
    /// With booth and hub prices fixed, a visitor's residual arcs bound its price from below (arcs out) and above
    /// (arcs in); the midpoint violates both sides least.
    /// </summary>
    private long BestVisitorPrice(int v)
    {
        long low = long.MinValue, high = long.MaxValue;
        for (var i = start[v]; i < start[v + 1]; i++)
        {
            if (cap[i] > 0)
            {
                low = Math.Max(low, price[to[i]] - Cost(i));
            }

            if (cap[rev[i]] > 0)
            {
                high = Math.Min(high, price[to[i]] + Cost(rev[i]));
            }
        }

        return (low, high) switch
        {
            (long.MinValue, long.MaxValue) => 0,
            (long.MinValue, _) => high,
            (_, long.MaxValue) => low,
            _ => low + ((high - low) / 2),
        };
    }

    /// <summary>Largest negative reduced cost over residual arcs (at least 1): the pair is epsilon-optimal for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long MaxViolation()
    {
        long worst = 1;
        for (var u = 0; u < n; u++)
        {
            for (var i = start[u]; i < start[u + 1]; i++)
            {
                if (cap[i] > 0)
                {
                    worst = Math.Max(worst, -(Cost(i) + price[u] - price[to[i]]));
                }
            }
        }

        return worst;
    }
}
