using System.Runtime.CompilerServices;
using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Placement;

/// <summary>A (slot, table) position at a booth.</summary>
public readonly record struct SlotTable(int Slot, int Table);

/// <summary>
/// Occupancy of one event's schedule: which visitor and which booth table is busy in which slot, availability
/// windows, and how many meetings each participant has. Places meetings first-fit (preferring slots next to the
/// participants' other meetings, so days have fewer idle gaps) and, when no common free slot exists, repairs by
/// swapping two slots along an alternating path (a Kempe chain), which by Konig's theorem always succeeds without
/// windows or fixed meetings. Fixed meetings are never moved. Not thread-safe.
/// </summary>
public sealed class ScheduleBoard
{
    // Bounds on repair work per meeting: without windows the first chain tried always works (Konig), so these only
    // cut off hopeless searches when windows or fixed meetings block every chain.
    private const int MaxChainLength = 4_000;
    private const int MaxChainAttempts = 256;
    private readonly int slots;
    private readonly bool[] visitorOk;
    private readonly bool[] exhibitorOk;
    private readonly int[] tableBase;
    private readonly int[] visitorAt;
    private readonly int[] tableAt;
    private readonly int[] visitorMeetings;
    private readonly int[] exhibitorMeetings;
    private readonly List<Entry> meetings = [];
    private readonly Stack<int> freeIds = new();

    /// <summary>An empty board for the event described by <paramref name="problem"/> (windows and tables).</summary>
    public ScheduleBoard(MatchingProblem problem)
        : this(problem.SlotCount, problem.VisitorWindows, problem.ExhibitorTables, problem.ExhibitorWindows)
    {
    }

    /// <summary>A board for the event in <paramref name="input"/>, holding its fixed meetings.</summary>
    public ScheduleBoard(MatchingInput input)
        : this(
            input.SlotCount,
            [.. input.Visitors.Select(v => Windows(v.Availability))],
            [.. input.Exhibitors.Select(e => e.Tables)],
            [.. input.Exhibitors.Select(e => Windows(e.Availability))])
    {
        foreach (var f in input.FixedMeetings)
        {
            AddFixed(f);
        }
    }

    private ScheduleBoard(int slotCount, SlotRange[]?[] visitorWindows, int[] tables, SlotRange[]?[] exhibitorWindows)
    {
        slots = slotCount;
        var nv = visitorWindows.Length;
        var ne = tables.Length;
        visitorOk = new bool[nv * slots];
        for (var v = 0; v < nv; v++)
        {
            SlotWindows.ToMask(visitorWindows[v], slots).CopyTo(visitorOk, v * slots);
        }

        exhibitorOk = new bool[ne * slots];
        for (var e = 0; e < ne; e++)
        {
            SlotWindows.ToMask(exhibitorWindows[e], slots).CopyTo(exhibitorOk, e * slots);
        }

        tableBase = new int[ne + 1];
        for (var e = 0; e < ne; e++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(tables[e]);
            tableBase[e + 1] = tableBase[e] + tables[e];
        }

        visitorAt = new int[nv * slots];
        tableAt = new int[tableBase[ne] * slots];
        Array.Fill(visitorAt, -1);
        Array.Fill(tableAt, -1);
        visitorMeetings = new int[nv];
        exhibitorMeetings = new int[ne];
    }

    public int SlotCount => slots;

    public int VisitorCount => visitorMeetings.Length;

    public int ExhibitorCount => exhibitorMeetings.Length;

    public int Tables(int exhibitor) => tableBase[exhibitor + 1] - tableBase[exhibitor];

    public int MeetingsOfVisitor(int visitor) => visitorMeetings[visitor];

    public int MeetingsOfExhibitor(int exhibitor) => exhibitorMeetings[exhibitor];

    /// <summary>Slots in the visitor's windows not taken by a meeting.</summary>
    public int FreeSlotsOfVisitor(int visitor)
    {
        var n = 0;
        for (var s = 0; s < slots; s++)
        {
            n += visitorOk[(visitor * slots) + s] && visitorAt[(visitor * slots) + s] < 0 ? 1 : 0;
        }

        return n;
    }

    /// <summary>Free (slot, table) positions in the exhibitor's windows.</summary>
    public int FreePositionsOfExhibitor(int exhibitor)
    {
        var n = 0;
        for (var s = 0; s < slots; s++)
        {
            if (!exhibitorOk[(exhibitor * slots) + s])
            {
                continue;
            }

            for (var y = tableBase[exhibitor]; y < tableBase[exhibitor + 1]; y++)
            {
                n += tableAt[(y * slots) + s] < 0 ? 1 : 0;
            }
        }

        return n;
    }

    /// <summary>Whether some slot lies in both windows with the visitor free and a booth table free.</summary>
    public bool HaveCommonSlot(int visitor, int exhibitor)
    {
        for (var s = 0; s < slots; s++)
        {
            if (SlotFree(visitor, exhibitor, s) && FreeTable(exhibitor, s) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every meeting on the board with its current position.</summary>
    public IEnumerable<(int Visitor, int Exhibitor, int Slot, int Table, bool Fixed)> Meetings()
    {
        foreach (var m in meetings)
        {
            if (m.Visitor >= 0)
            {
                yield return (m.Visitor, m.Exhibitor, m.Slot, m.Table, m.Fixed);
            }
        }
    }

    /// <summary>Adds a confirmed meeting at its given position. Throws when it clashes or lies outside a window.</summary>
    public void AddFixed(FixedMeeting meeting)
    {
        var (v, e, s, t) = meeting;
        if ((uint)v >= (uint)VisitorCount || (uint)e >= (uint)ExhibitorCount || (uint)s >= (uint)slots || (uint)t >= (uint)Tables(e))
        {
            throw new ArgumentException($"Fixed meeting {meeting} lies outside the event.", nameof(meeting));
        }

        if (!CanUse(v, e, s, t))
        {
            throw new ArgumentException($"Fixed meeting {meeting} clashes with another meeting or a window.", nameof(meeting));
        }

        Put(v, e, s, t, fixedMeeting: true);
    }

    /// <summary>
    /// Feasible positions for a new meeting, best first: fewest new idle gaps for both parties, then earliest slot,
    /// then lowest table. Empty when none exists. Capacities (max meetings) are the caller's to check.
    /// </summary>
    public IReadOnlyList<SlotTable> FeasiblePlacements(int visitor, int exhibitor)
    {
        var found = new List<(int Cost, SlotTable Place)>();
        for (var s = 0; s < slots; s++)
        {
            if (!SlotFree(visitor, exhibitor, s))
            {
                continue;
            }

            for (var t = 0; t < Tables(exhibitor); t++)
            {
                if (tableAt[((tableBase[exhibitor] + t) * slots) + s] < 0)
                {
                    found.Add((GapCost(visitor, exhibitor, s), new SlotTable(s, t)));
                }
            }
        }

        return [.. found.OrderBy(x => x.Cost).ThenBy(x => x.Place.Slot).ThenBy(x => x.Place.Table).Select(x => x.Place)];
    }

    /// <summary>
    /// Places a new meeting in the best free position (see <see cref="FeasiblePlacements"/>) without moving anything.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPlaceWithoutMoving(int visitor, int exhibitor, out SlotTable placement)
    {
        var bestCost = int.MaxValue;
        placement = default;
        for (var s = 0; s < slots; s++)
        {
            if (!SlotFree(visitor, exhibitor, s))
            {
                continue;
            }

            var t = FreeTable(exhibitor, s);
            if (t < 0)
            {
                continue;
            }

            var cost = GapCost(visitor, exhibitor, s);
            if (cost < bestCost)
            {
                bestCost = cost;
                placement = new SlotTable(s, t);
                if (cost == 0)
                {
                    break;
                }
            }
        }

        if (bestCost == int.MaxValue)
        {
            return false;
        }

        Put(visitor, exhibitor, placement.Slot, placement.Table, fixedMeeting: false);
        return true;
    }

    /// <summary>
    /// Places a new meeting, moving other non-fixed meetings between two slots along a Kempe chain when no common
    /// free slot exists. Returns false (board unchanged) when no position could be made.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPlace(int visitor, int exhibitor)
    {
        if (TryPlaceWithoutMoving(visitor, exhibitor, out _))
        {
            return true;
        }

        var attempts = 0;
        for (var t = 0; t < Tables(exhibitor); t++)
        {
            var y = tableBase[exhibitor] + t;
            for (var a = 0; a < slots; a++)
            {
                if (!visitorOk[(visitor * slots) + a] || !exhibitorOk[(exhibitor * slots) + a] || visitorAt[(visitor * slots) + a] >= 0)
                {
                    continue;
                }

                for (var b = 0; b < slots; b++)
                {
                    if (b == a || !exhibitorOk[(exhibitor * slots) + b] || tableAt[(y * slots) + b] >= 0)
                    {
                        continue;
                    }

                    if (++attempts > MaxChainAttempts)
                    {
                        return false;
                    }

                    if (TrySwapChain(y, true, a, b))
                    {
                        Put(visitor, exhibitor, a, t, fixedMeeting: false);
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A last try for a meeting <see cref="TryPlace"/> gave up on (with windows): every pair of slots, and chains
    /// that free a slot of the visitor instead of the table. Costs up to slots^2 x tables chains, so it is meant
    /// for the few leftovers of a whole-event placement.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryPlaceExhaustively(int visitor, int exhibitor)
    {
        for (var t = 0; t < Tables(exhibitor); t++)
        {
            var y = tableBase[exhibitor] + t;
            for (var a = 0; a < slots; a++)
            {
                if (!visitorOk[(visitor * slots) + a] || !exhibitorOk[(exhibitor * slots) + a])
                {
                    continue;
                }

                var tableFree = tableAt[(y * slots) + a] < 0;
                var visitorFree = visitorAt[(visitor * slots) + a] < 0;
                if (tableFree == visitorFree)
                {
                    continue; // both free: TryPlace would have used it; both busy: one chain cannot clear both
                }

                for (var b = 0; b < slots; b++)
                {
                    if (b == a)
                    {
                        continue;
                    }

                    // Free the busy side in slot a by moving its slot-a meeting to b, where that side is free.
                    var moved = visitorFree
                        ? exhibitorOk[(exhibitor * slots) + b] && tableAt[(y * slots) + b] < 0 && TrySwapChain(y, true, a, b)
                        : visitorOk[(visitor * slots) + b] && visitorAt[(visitor * slots) + b] < 0 && TrySwapChain(visitor, false, b, a);
                    if (moved)
                    {
                        Put(visitor, exhibitor, a, t, fixedMeeting: false);
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Removes every meeting that is not fixed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ClearUnfixed()
    {
        for (var id = 0; id < meetings.Count; id++)
        {
            if (meetings[id].Visitor >= 0 && !meetings[id].Fixed)
            {
                Remove(id);
            }
        }
    }

    /// <summary>Room for this many meetings in all, so a whole-event placement never regrows the list.</summary>
    internal void Reserve(int count) => meetings.EnsureCapacity(count);

    /// <summary>Puts a (non-fixed) meeting at a known free position, e.g. where it stood in an earlier round.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool TryPut(int visitor, int exhibitor, int slot, int table)
    {
        if (!CanUse(visitor, exhibitor, slot, table))
        {
            return false;
        }

        Put(visitor, exhibitor, slot, table, fixedMeeting: false);
        return true;
    }

    /// <summary>
    /// Swaps slots a and b along the path that starts at a table node with its slot-a meeting and alternates
    /// visitor (slot b) / table (slot a), or at a visitor node with its slot-b meeting and alternates table (slot a) /
    /// visitor (slot b). Afterwards the start node is free in the slot it started from. Fails, leaving the board as it was,
    /// if the chain would move a fixed meeting, leave a window, or is too long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TrySwapChain(int start, bool startAtTable, int a, int b)
    {
        var chain = new List<int>();
        var node = start;
        var atTable = startAtTable;
        while (true)
        {
            var id = atTable ? tableAt[(node * slots) + a] : visitorAt[(node * slots) + b];
            if (id < 0)
            {
                break;
            }

            var m = meetings[id];
            if (m.Fixed || chain.Count >= MaxChainLength)
            {
                return false;
            }

            var newSlot = m.Slot == a ? b : a;
            if (!visitorOk[(m.Visitor * slots) + newSlot] || !exhibitorOk[(m.Exhibitor * slots) + newSlot])
            {
                return false;
            }

            chain.Add(id);
            node = atTable ? m.Visitor : tableBase[m.Exhibitor] + m.Table;
            atTable = !atTable;
        }

        foreach (var id in chain)
        {
            var m = meetings[id];
            visitorAt[(m.Visitor * slots) + m.Slot] = -1;
            tableAt[((tableBase[m.Exhibitor] + m.Table) * slots) + m.Slot] = -1;
        }

        foreach (var id in chain)
        {
            var m = meetings[id];
            var newSlot = m.Slot == a ? b : a;
            meetings[id] = m with { Slot = newSlot };
            visitorAt[(m.Visitor * slots) + newSlot] = id;
            tableAt[((tableBase[m.Exhibitor] + m.Table) * slots) + newSlot] = id;
        }

        return true;
    }

    private bool CanUse(int v, int e, int s, int t) =>
        SlotFree(v, e, s) && tableAt[((tableBase[e] + t) * slots) + s] < 0;

    private bool SlotFree(int v, int e, int s) =>
        visitorOk[(v * slots) + s] && exhibitorOk[(e * slots) + s] && visitorAt[(v * slots) + s] < 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FreeTable(int e, int s)
    {
        for (var y = tableBase[e]; y < tableBase[e + 1]; y++)
        {
            if (tableAt[(y * slots) + s] < 0)
            {
                return y - tableBase[e];
            }
        }

        return -1;
    }

    /// <summary>0 when the slot sits next to the party's other meetings (or it has none yet), per party.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int GapCost(int v, int e, int s)
    {
        var cost = 0;
        if (visitorMeetings[v] > 0 && !VisitorBusy(v, s - 1) && !VisitorBusy(v, s + 1))
        {
            cost += 2;
        }

        if (exhibitorMeetings[e] > 0 && !ExhibitorBusy(e, s - 1) && !ExhibitorBusy(e, s + 1))
        {
            cost += 1;
        }

        return cost;
    }

    private bool VisitorBusy(int v, int s) => (uint)s < (uint)slots && visitorAt[(v * slots) + s] >= 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ExhibitorBusy(int e, int s)
    {
        if ((uint)s >= (uint)slots)
        {
            return false;
        }

        for (var y = tableBase[e]; y < tableBase[e + 1]; y++)
        {
            if (tableAt[(y * slots) + s] >= 0)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Put(int v, int e, int s, int t, bool fixedMeeting)
    {
        var entry = new Entry(v, e, s, t, fixedMeeting);
        int id;
        if (freeIds.Count > 0)
        {
            id = freeIds.Pop();
            meetings[id] = entry;
        }
        else
        {
            id = meetings.Count;
            meetings.Add(entry);
        }

        visitorAt[(v * slots) + s] = id;
        tableAt[((tableBase[e] + t) * slots) + s] = id;
        visitorMeetings[v]++;
        exhibitorMeetings[e]++;
    }

    private void Remove(int id)
    {
        var m = meetings[id];
        visitorAt[(m.Visitor * slots) + m.Slot] = -1;
        tableAt[((tableBase[m.Exhibitor] + m.Table) * slots) + m.Slot] = -1;
        visitorMeetings[m.Visitor]--;
        exhibitorMeetings[m.Exhibitor]--;
        meetings[id] = m with { Visitor = -1 };
        freeIds.Push(id);
    }

    private static SlotRange[]? Windows(IReadOnlyList<SlotRange>? availability) =>
        availability is null || availability.Count == 0 ? null : [.. availability];

    private readonly record struct Entry(int Visitor, int Exhibitor, int Slot, int Table, bool Fixed);
}
