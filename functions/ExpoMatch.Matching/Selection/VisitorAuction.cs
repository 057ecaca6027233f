using System.Runtime.CompilerServices;
using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// A fast start for cost scaling: a forward auction (Bertsekas) in which visitors bid for booth places with a fixed
/// bid increment <c>epsilon</c>. A booth keeps its best bids up to its capacity in a min-heap; once full, its price
/// is its lowest bid, and a higher bid evicts that one. A visitor with k free units bids at once for its k best
/// booths by value (weight - price), each bid raising the price by the margin over the (k+1)-th best choice (or
/// over staying without a meeting) plus epsilon.
/// <para>
/// The result is a feasible flow with booth prices; booths that are not full keep price 0 (prices rise only at full
/// booths, which stay full), so no reverse auction is needed. Each bid is epsilon-optimal when made, but a visitor's
/// units bid at different prices, so the whole is not guaranteed epsilon-optimal, and it need not be the optimum:
/// <see cref="CostScalingCirculation"/> measures how far from optimal the pair is and proves or continues from
/// there, which replaces its first, most expensive phases (on the synthetic events the flow is usually optimal).
/// </para>
/// </summary>
internal sealed class VisitorAuction
{
    private readonly MatchingProblem p;
    private readonly int[] boothCap;
    private readonly byte[] arcState; // Free, Holding, or Never (excluded, or to a booth without capacity)
    private readonly long epsilon;
    private readonly int[] heapStart; // per booth: its bids in bid/bidArc[heapStart[e] ..], a min-heap by (bid, arc)
    private readonly int[] heapCount;
    private readonly long[] bid;
    private readonly int[] bidArc;
    private readonly int[] free;      // per visitor: units without a meeting
    private readonly long[] bestValue; // a visitor's best choices while it bids (k + 1 of them)
    private readonly int[] bestArc;
    private readonly int[] queue;     // ring buffer of visitors that may bid; a visitor is queued at most once
    private readonly bool[] queued;
    private int head;
    private int queueCount;

    private VisitorAuction(MatchingProblem problem, int[] visitorCapacity, int[] exhibitorCapacity, bool[]? excludedArcs, long epsilon)
    {
        p = problem;
        this.epsilon = epsilon;
        var ne = problem.ExhibitorCount;
        var usableArcs = new int[ne];
        for (var a = 0; a < problem.ArcCount; a++)
        {
            if (excludedArcs is null || !excludedArcs[a])
            {
                usableArcs[problem.ArcExhibitor[a]]++;
            }
        }

        // A heap never needs more room than the booth has arcs; one more keeps such a booth from ever being full
        // (its price must stay 0, as its capacity is not used up).
        boothCap = new int[ne];
        heapStart = new int[ne + 1];
        for (var e = 0; e < ne; e++)
        {
            boothCap[e] = Math.Clamp(exhibitorCapacity[e], 0, usableArcs[e] + 1);
            heapStart[e + 1] = heapStart[e] + boothCap[e];
        }

        heapCount = new int[ne];
        bid = new long[heapStart[ne]];
        bidArc = new int[heapStart[ne]];
        free = new int[problem.VisitorCount];
        var mostChoices = 0; // a visitor never ranks more than min(capacity, arcs) + 1 choices
        for (var v = 0; v < problem.VisitorCount; v++)
        {
            free[v] = Math.Max(0, visitorCapacity[v]);
            var arcs = problem.VisitorArcStart[v + 1] - problem.VisitorArcStart[v];
            mostChoices = Math.Max(mostChoices, Math.Min(free[v], arcs));
        }

        bestValue = new long[mostChoices + 1];
        bestArc = new int[mostChoices + 1];
        queue = new int[problem.VisitorCount];
        queued = new bool[problem.VisitorCount];
        arcState = new byte[problem.ArcCount];
        for (var a = 0; a < problem.ArcCount; a++)
        {
            if ((excludedArcs is not null && excludedArcs[a]) || boothCap[problem.ArcExhibitor[a]] == 0)
            {
                arcState[a] = Never;
            }
        }

        BoothPrice = new long[ne];
    }

    private const byte Free = 0;
    private const byte Holding = 1;
    private const byte Never = 2;

    /// <summary>Whether the arc holds a place when the auction ends.</summary>
    public bool IsHeld(int arc) => arcState[arc] == Holding;

    /// <summary>Per booth, in weight units: its lowest held bid when full, else 0 (kept up to date: bids read it).</summary>
    public long[] BoothPrice { get; }

    public static VisitorAuction Run(MatchingProblem problem, int[] visitorCapacity, int[] exhibitorCapacity, bool[]? excludedArcs, long epsilon)
    {
        var auction = new VisitorAuction(problem, visitorCapacity, exhibitorCapacity, excludedArcs, epsilon);
        auction.Run();
        return auction;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run()
    {
        for (var v = 0; v < free.Length; v++)
        {
            Enqueue(v);
        }

        while (queueCount > 0)
        {
            var v = queue[head];
            head = head + 1 == queue.Length ? 0 : head + 1;
            queueCount--;
            queued[v] = false;
            Bid(v);
        }
    }

    private void Enqueue(int v)
    {
        if (free[v] > 0 && !queued[v])
        {
            queue[(head + queueCount) % queue.Length] = v;
            queueCount++;
            queued[v] = true;
        }
    }

    private long Price(int e) => BoothPrice[e];

    /// <summary>
    /// Visitor v bids for as many booths as it has free units, where staying without a meeting is not better.
    /// Visitors whose bids are evicted get their unit back and bid again later.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Bid(int v)
    {
        var k = free[v];
        var found = 0;
        for (var a = p.VisitorArcStart[v]; a < p.VisitorArcStart[v + 1]; a++)
        {
            if (arcState[a] != Free)
            {
                continue;
            }

            // Keep the k + 1 best by value, ties to the lower arc (insertion into a short sorted list).
            var value = p.ArcWeight[a] - Price(p.ArcExhibitor[a]);
            if (found == k + 1 && value <= bestValue[k])
            {
                continue;
            }

            var i = Math.Min(found, k);

            for (; i > 0 && bestValue[i - 1] < value; i--)
            {
                bestValue[i] = bestValue[i - 1];
                bestArc[i] = bestArc[i - 1];
            }

            bestValue[i] = value;
            bestArc[i] = a;
            found = Math.Min(found + 1, k + 1);
        }

        var alternative = found > k ? Math.Max(0, bestValue[k]) : 0;
        for (var i = 0; i < Math.Min(found, k) && bestValue[i] > 0; i++)
        {
            var a = bestArc[i];
            var e = p.ArcExhibitor[a];
            arcState[a] = Holding;
            free[v]--;
            var loser = Place(e, Price(e) + bestValue[i] - alternative + epsilon, a);
            if (loser >= 0)
            {
                arcState[loser] = Free;
                free[p.ArcVisitor[loser]]++;
                Enqueue(p.ArcVisitor[loser]);
            }
        }
    }

    /// <summary>Adds a bid to booth e; when the booth was full, its lowest bid is evicted and returned (else -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Place(int e, long amount, int arc)
    {
        var b = heapStart[e];
        if (heapCount[e] < boothCap[e])
        {
            var i = heapCount[e]++;
            while (i > 0)
            {
                var up = (i - 1) >> 1;
                if (!Before(amount, arc, bid[b + up], bidArc[b + up]))
                {
                    break;
                }

                bid[b + i] = bid[b + up];
                bidArc[b + i] = bidArc[b + up];
                i = up;
            }

            bid[b + i] = amount;
            bidArc[b + i] = arc;
            if (heapCount[e] == boothCap[e])
            {
                BoothPrice[e] = bid[b];
            }

            return -1;
        }

        // Replace the minimum and sift down (the new bid exceeds the price, so it never is the minimum it evicts).
        var loser = bidArc[b];
        var n = heapCount[e];
        var at = 0;
        while (true)
        {
            var c = (2 * at) + 1;
            if (c >= n)
            {
                break;
            }

            if (c + 1 < n && Before(bid[b + c + 1], bidArc[b + c + 1], bid[b + c], bidArc[b + c]))
            {
                c++;
            }

            if (!Before(bid[b + c], bidArc[b + c], amount, arc))
            {
                break;
            }

            bid[b + at] = bid[b + c];
            bidArc[b + at] = bidArc[b + c];
            at = c;
        }

        bid[b + at] = amount;
        bidArc[b + at] = arc;
        BoothPrice[e] = bid[b];
        return loser;
    }

    private static bool Before(long k1, int a1, long k2, int a2) => k1 < k2 || (k1 == k2 && a1 < a2);
}
