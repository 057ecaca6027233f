using System.Runtime.CompilerServices;
using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Selection;

/// <summary>
/// Exact b-matching by cost-scaling push-relabel (Goldberg and Tarjan) on the circulation
/// z -> v (cap b_v), v -> e (cap 1, cost -w), e -> z (cap b_e). Costs are multiplied by n + 1 so that the
/// 1-optimal circulation of the last phase is optimal for the integer costs; epsilon shrinks by
/// <see cref="Alpha"/> per phase. The start is a <see cref="VisitorAuction"/> flow and prices
/// (CostScalingCirculation.WarmStart.cs), whose measured epsilon is usually below one weight unit, so the proof
/// below is tried first and the phases run only when that flow is not optimal yet. Each phase saturates every arc of negative
/// reduced cost and then discharges nodes with excess in FIFO order (push on admissible arcs, relabel when none is
/// left).
/// <para>
/// Proof of optimality: once epsilon is below one weight unit, the prices rounded to whole units are repaired by a
/// bounded Bellman-Ford pass into exact potentials (every residual arc of non-negative reduced cost). Success proves
/// the flow optimal and ends the schedule; the last phase always succeeds (CostScalingCirculation.Optimality.cs).
/// The potentials also make changes cheap: excluding arcs or adding the fairness bonus saturates the arcs that
/// became negative and restores balance by successive shortest paths (Dijkstra on reduced costs), which keeps the
/// potentials exact, instead of solving again (CostScalingCirculation.Repair.cs).
/// </para>
/// </summary>
internal sealed partial class CostScalingCirculation
{
    // Measured on the synthetic M and XL events: alpha 4 needed 1.5M relabels where 16 needed 6.6M and 64 16.6M
    // (2 and 3 were close to 4). Small steps keep each phase's repairs local.
    private const long Alpha = 4;

    // Label updates allowed to turn the auction's prices into exact potentials, in units of n: optimal auction flows
    // needed 1.0-2.6 n on the synthetic XL, skewed and windowed events; a flow that is not optimal never succeeds, and
    // a larger budget only delays the cost scaling that follows (1000 n cost 20 s on one windowed event).
    private const long ProofBudgetAfterAuction = 4;

    private readonly int n;
    private readonly int[] start;   // CSR of residual arcs per node
    private readonly int[] to;
    private readonly int[] rev;
    private readonly int[] cap;     // residual capacity
    private readonly int[] unitCost; // cost in weight units; BonusCost marks a fairness-bonus arc (see Cost)
    private readonly long[] price;
    private readonly long[] excess;
    private readonly int[] current;
    private readonly int[] live;    // per booth: its arcs with residual capacity come first (during a phase)
    private readonly int[] arcSlot; // problem arc -> residual arc v -> e
    private readonly int[] visitorSlot; // visitor -> residual arc z -> v (all units, or all but the first with fairness)
    private readonly int[]? bonusSlot;  // visitor -> residual arc z -> v of the first unit (fairness only)
    private readonly int[] visitorCapacity;
    private readonly int[] exhibitorCapacity;
    private readonly bool[]? excludedArcs;
    private readonly MatchingProblem problem;
    private readonly long firstMeetingBonus;
    private readonly long scale;
    private readonly int arcs;
    private const int BonusCost = int.MinValue; // no weight arc has it: weights are positive ints
    private readonly int nv;
    private readonly int z;
    private bool exact;                 // price holds exact potentials (multiples of scale)

    /// <summary>Cost-scaling phases the last <see cref="Solve"/> needed after the auction (0: its flow was proved optimal).</summary>
    internal int PhasesRun { get; private set; }

    /// <param name="firstMeetingBonus">
    /// With fairness, each visitor's first unit gets this extra weight (see <see cref="FirstMeetingBonus"/>); it is
    /// switched on by <see cref="EnableFirstMeetingBonus"/> after the plain optimum is known.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CostScalingCirculation(MatchingProblem p, int[] visitorCap, int[] exhibitorCap, bool[]? excluded, long firstMeetingBonus = 0)
    {
        nv = p.VisitorCount;
        var ne = p.ExhibitorCount;
        z = nv + ne;
        n = z + 1;
        this.firstMeetingBonus = firstMeetingBonus;
        visitorCapacity = visitorCap;
        exhibitorCapacity = exhibitorCap;
        excludedArcs = excluded;
        problem = p;
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
            var extra = firstMeetingBonus > 0 ? 2 : 1;
            degree[v] += extra;
            degree[z] += extra;
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
        unitCost = new int[m];
        var fill = (int[])start.Clone();
        scale = (long)n + 1;
        arcSlot = new int[arcs];
        void Add(int u, int v, int c, int w)
        {
            int i = fill[u]++, j = fill[v]++;
            to[i] = v;
            rev[i] = j;
            cap[i] = c;
            unitCost[i] = w;
            to[j] = u;
            rev[j] = i;
            cap[j] = 0;
            unitCost[j] = w == BonusCost ? BonusCost : -w;
        }

        for (var a = 0; a < arcs; a++)
        {
            if (excluded is null || !excluded[a])
            {
                arcSlot[a] = fill[p.ArcVisitor[a]];
                Add(p.ArcVisitor[a], nv + p.ArcExhibitor[a], 1, -p.ArcWeight[a]);
            }
            else
            {
                arcSlot[a] = -1;
            }
        }

        visitorSlot = new int[nv];
        bonusSlot = firstMeetingBonus > 0 ? new int[nv] : null;
        for (var v = 0; v < nv; v++)
        {
            visitorSlot[v] = fill[z];
            Add(z, v, Math.Max(0, visitorCap[v]), 0);
            if (bonusSlot is not null)
            {
                // Capacity 0 until the bonus is switched on.
                bonusSlot[v] = fill[z];
                Add(z, v, 0, BonusCost);
            }
        }

        for (var e = 0; e < ne; e++)
        {
            Add(nv + e, z, Math.Max(0, exhibitorCap[e]), 0);
        }

        price = new long[n];
        excess = new long[n];
        current = new int[n];
        live = new int[n];
    }

    /// <summary>
    /// Extra weight on each visitor's first meeting that makes "visitors with a meeting" the first objective and
    /// value the second: larger than what any exchange along one alternating path can lose (a simple path removes
    /// at most one meeting per booth), so no amount of value outweighs one more visitor with a meeting.
    /// </summary>
    public static long FirstMeetingBonus(MatchingProblem p)
    {
        long maxWeight = 0;
        foreach (var w in p.ArcWeight)
        {
            maxWeight = Math.Max(maxWeight, w);
        }

        return (p.ExhibitorCount + 2) * (maxWeight + 1);
    }

    /// <summary>
    /// Exact optimum from scratch: an auction start (<see cref="VisitorAuction"/>), a proof of optimality when that
    /// flow is optimal already (on the synthetic XL and skewed events it is), else cost scaling from the auction's
    /// measured epsilon.
    /// </summary>
    public bool[] Solve()
    {
        // Bid increment one weight unit, the least for integer bids: on the synthetic events the measured epsilon is
        // then half a unit, so the proof is tried at once; a failed try costs one bounded pass. (The epsilon is not
        // bounded by the increment in general: a visitor's units bid at different prices, and a unit that is outbid
        // can leave its others looking poor.)
        LoadAuction(VisitorAuction.Run(problem, visitorCapacity, exhibitorCapacity, excludedArcs, epsilon: 1));
        if (!TryExactPotentials(ProofBudgetAfterAuction * n))
        {
            // Measured only now (a pass over every arc): the proof alone needs no epsilon. The first phase runs at
            // that epsilon rather than a step below: on the windowed event where the auction's flow was not optimal
            // (seed 3), one phase at the auction's half unit then allowed the proof, in 0.10 s against 0.20 s.
            RunPhases(MaxViolation());
        }

        return Selected();
    }

    /// <summary>
    /// Forbids more arcs and re-optimises from the current exact potentials: a removed unit of flow leaves one unit
    /// of excess at its visitor and one of deficit at its booth, and successive shortest paths restore the optimum.
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

        Repair();
        return Selected();
    }

    /// <summary>
    /// Switches the fairness bonus on: each visitor's first unit moves to its bonus arc. Visitors without a meeting
    /// now have a negative arc; saturating it and re-balancing by shortest paths gives the fair optimum exactly.
    /// </summary>
    public bool[] EnableFirstMeetingBonus()
    {
        if (bonusSlot is null)
        {
            throw new InvalidOperationException("The solver was built without a first-meeting bonus.");
        }

        for (var v = 0; v < nv; v++)
        {
            var b = Math.Max(0, visitorCapacity[v]);
            if (b == 0)
            {
                continue;
            }

            int normal = visitorSlot[v], bonus = bonusSlot[v];
            var flow = cap[rev[normal]];
            cap[normal] = b - 1 - Math.Max(0, flow - 1);
            cap[rev[normal]] = Math.Max(0, flow - 1);
            cap[bonus] = flow > 0 ? 0 : 1;
            cap[rev[bonus]] = flow > 0 ? 1 : 0;
        }

        Repair();
        return Selected();
    }

    /// <summary>Total weight of the current flow on problem arcs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Value(MatchingProblem p)
    {
        long value = 0;
        for (var a = 0; a < arcs; a++)
        {
            if (arcSlot[a] >= 0 && cap[arcSlot[a]] == 0)
            {
                value += p.ArcWeight[a];
            }
        }

        return value;
    }

    private void RunPhases(long firstEpsilon)
    {
        exact = false;
        for (var epsilon = firstEpsilon; ; epsilon = Math.Max(1, epsilon / Alpha))
        {
            Refine(epsilon);
            PhasesRun++;

            // Below one weight unit the flow is often optimal already; a failed attempt costs one bounded pass.
            if (epsilon < scale && TryExactPotentials(epsilon == 1 ? long.MaxValue : n))
            {
                return;
            }


            if (epsilon == 1)
            {
                throw new InvalidOperationException("A 1-optimal circulation with costs scaled by n + 1 must be optimal.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool[] Selected()
    {
        var selected = new bool[arcs];
        for (var a = 0; a < arcs; a++)
        {
            selected[a] = arcSlot[a] >= 0 && cap[arcSlot[a]] == 0;
        }

        return selected;
    }

    /// <summary>
    /// Saturates every residual arc of negative reduced cost under the current prices: the circulation becomes a
    /// pseudo-flow with no such arc (0-optimal), whose excesses the caller then pushes or routes away.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SaturateNegativeArcs()
    {
        for (var u = 0; u < n; u++)
        {
            for (var i = start[u]; i < start[u + 1]; i++)
            {
                if (cap[i] > 0 && Cost(i) + price[u] - price[to[i]] < 0)
                {
                    var delta = cap[i];
                    cap[i] = 0;
                    cap[rev[i]] += delta;
                    excess[u] -= delta;
                    excess[to[i]] += delta;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Refine(long epsilon)
    {
        SaturateNegativeArcs();

        PartitionBooths();
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
            if (IsBooth(u))
            {
                DischargeBooth(u, epsilon, queue);
            }
            else
            {
                Discharge(u, epsilon, queue);
            }
        }
    }

    private bool IsBooth(int u) => u >= nv && u < z;

    /// <summary>
    /// Scaled cost of residual arc i. Costs are kept as ints in weight units (half the memory of scaled longs); the
    /// fairness bonus does not fit an int, so its arcs are marked and costed here: -bonus from the hub, +bonus back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Cost(int i)
    {
        var c = unitCost[i];
        return c != BonusCost ? c * scale : (to[i] == z ? firstMeetingBonus : -firstMeetingBonus) * scale;
    }

    /// <summary>
    /// A booth has hundreds of arcs but only its meetings (and the arc to the hub) have residual capacity, so during
    /// a phase each booth keeps those first (<see cref="live"/> of them) and scans only them: on XL this cut the
    /// arcs scanned by relabels and pushes at booths about threefold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PartitionBooths()
    {
        for (var e = nv; e < z; e++)
        {
            PartitionBooth(e);
        }
    }

    private void PartitionBooth(int e)
    {
        var next = start[e];
        for (var i = start[e]; i < start[e + 1]; i++)
        {
            if (cap[i] > 0)
            {
                SwapArcs(i, next++);
            }
        }

        live[e] = next - start[e];
    }

    /// <summary>Keeps arc <paramref name="i"/> on the right side of its booth's live boundary after a change.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void KeepPartitioned(int i)
    {
        var u = to[rev[i]];
        if (!IsBooth(u))
        {
            return;
        }

        var boundary = start[u] + live[u];
        if (cap[i] > 0 && i >= boundary)
        {
            SwapArcs(i, boundary);
            live[u]++;
        }
        else if (cap[i] == 0 && i < boundary)
        {
            SwapArcs(i, boundary - 1);
            live[u]--;
        }
    }

    /// <summary>Swaps two arcs of the same node, keeping the reverse links right.</summary>
    private void SwapArcs(int i, int j)
    {
        if (i == j)
        {
            return;
        }

        (to[i], to[j]) = (to[j], to[i]);
        (cap[i], cap[j]) = (cap[j], cap[i]);
        (unitCost[i], unitCost[j]) = (unitCost[j], unitCost[i]);
        (rev[i], rev[j]) = (rev[j], rev[i]);
        rev[rev[i]] = i;
        rev[rev[j]] = j;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PushFlow(int i, int delta, Queue<int> queue)
    {
        var u = to[rev[i]];
        var v = to[i];
        cap[i] -= delta;
        cap[rev[i]] += delta;
        excess[u] -= delta;
        var wasInactive = excess[v] <= 0;
        excess[v] += delta;
        if (wasInactive && excess[v] > 0)
        {
            queue.Enqueue(v);
        }

        // rev[i] first: when i moves it takes the link along, and rev[i] (at v) is re-read after.
        KeepPartitioned(rev[i]);
        KeepPartitioned(i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Discharge(int u, long epsilon, Queue<int> queue)
    {
        while (excess[u] > 0)
        {
            var end = start[u + 1];
            var i = current[u];
            for (; i < end && excess[u] > 0; i++)
            {
                if (cap[i] == 0 || Cost(i) + price[u] - price[to[i]] >= 0)
                {
                    continue;
                }

                var v = to[i];

                // Look-ahead: a node without excess and without admissible arcs would only push the flow back;
                // relabel it first and re-check this arc.
                if (excess[v] >= 0 && !HasAdmissible(v))
                {
                    Relabel(v, epsilon);
                    if (Cost(i) + price[u] - price[v] >= 0)
                    {
                        continue;
                    }
                }

                PushFlow(i, (int)Math.Min(excess[u], cap[i]), queue);
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

    /// <summary>Discharge over the booth's live arcs; a push that empties an arc swaps another one into its place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DischargeBooth(int u, long epsilon, Queue<int> queue)
    {
        while (excess[u] > 0)
        {
            var i = start[u];
            while (i < start[u] + live[u] && excess[u] > 0)
            {
                if (Cost(i) + price[u] - price[to[i]] >= 0)
                {
                    i++;
                    continue;
                }

                var v = to[i];
                if (excess[v] >= 0 && !HasAdmissible(v))
                {
                    Relabel(v, epsilon);
                    if (Cost(i) + price[u] - price[v] >= 0)
                    {
                        i++;
                        continue;
                    }
                }

                var stillOpen = cap[i] > excess[u];
                PushFlow(i, (int)Math.Min(excess[u], cap[i]), queue);
                if (stillOpen)
                {
                    i++;
                }
            }

            if (excess[u] > 0)
            {
                Relabel(u, epsilon);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool HasAdmissible(int u)
    {
        var pu = price[u];
        if (IsBooth(u))
        {
            for (var i = start[u]; i < start[u] + live[u]; i++)
            {
                if (Cost(i) + pu - price[to[i]] < 0)
                {
                    return true;
                }
            }

            return false;
        }

        for (var i = current[u]; i < start[u + 1]; i++)
        {
            if (cap[i] > 0 && Cost(i) + pu - price[to[i]] < 0)
            {
                current[u] = i;
                return true;
            }
        }

        return false;
    }

    /// <summary>Lowers the price just enough that the cheapest residual arc becomes admissible (reduced cost -epsilon).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Relabel(int u, long epsilon)
    {
        var best = long.MinValue;
        var end = IsBooth(u) ? start[u] + live[u] : start[u + 1];
        for (var k = start[u]; k < end; k++)
        {
            if (cap[k] > 0)
            {
                best = Math.Max(best, price[to[k]] - Cost(k));
            }
        }

        // A node without residual arcs (say a booth with no capacity and no flow) has no constraint at all.
        price[u] = best == long.MinValue ? price[u] - epsilon : best - epsilon;
        current[u] = start[u];
    }
}
