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
    private readonly int[] tableBase;
    private readonly int[] visitorAt;
    private readonly int[] tableAt;
    private readonly int[] visitorMeetings;
    private readonly int[] exhibitorMeetings;
    private readonly List<Entry> meetings = [];

    // Windows and occupancy as bit sets, one bit per slot in words of 64 (placement tests all slots at once):
    // windows, busy visitors, booths with at least one / with every table busy.
    private readonly int words;
    private readonly ulong[] visitorOkBits;
    private readonly ulong[] exhibitorOkBits;
    private readonly ulong[] visitorBusyBits;
    private readonly ulong[] exhibitorAnyBits;
    private readonly ulong[] exhibitorFullBits;
    private readonly int[] busyTables; // per (exhibitor, slot)
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
        words = (slots + 63) / 64;
        visitorOkBits = ToBits(visitorWindows);
        exhibitorOkBits = ToBits(exhibitorWindows);
        visitorBusyBits = new ulong[nv * words];
        exhibitorAnyBits = new ulong[ne * words];
        exhibitorFullBits = new ulong[ne * words];
        busyTables = new int[ne * slots];
        for (var e = 0; e < ne; e++)
        {
            if (tables[e] == 0)
            {
                // No table: every slot is full.
                for (var s = 0; s < slots; s++)
                {
                    exhibitorFullBits[(e * words) + (s >> 6)] |= 1UL << s;
                }
            }
        }
    }

    /// <summary>Windows as bit sets (one bool per slot and participant cost 3.6 MB on XL for the same facts).</summary>
    private ulong[] ToBits(SlotRange[]?[] windows)
    {
        var bits = new ulong[windows.Length * words];
        for (var x = 0; x < windows.Length; x++)
        {
            var mask = SlotWindows.ToMask(windows[x], slots);
            for (var s = 0; s < slots; s++)
            {
                if (mask[s])
                {
                    bits[(x * words) + (s >> 6)] |= 1UL << s;
                }
            }
        }

        return bits;
    }

    private bool VisitorOk(int v, int s) => (visitorOkBits[(v * words) + (s >> 6)] & (1UL << s)) != 0;

    private bool ExhibitorOk(int e, int s) => (exhibitorOkBits[(e * words) + (s >> 6)] & (1UL << s)) != 0;

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
            n += VisitorOk(visitor, s) && visitorAt[(visitor * slots) + s] < 0 ? 1 : 0;
        }

        return n;
    }

    /// <summary>Free (slot, table) positions in the exhibitor's windows.</summary>
    public int FreePositionsOfExhibitor(int exhibitor)
    {
        var n = 0;
        for (var s = 0; s < slots; s++)
        {
            if (!ExhibitorOk(exhibitor, s))
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
        int vb = visitor * words, eb = exhibitor * words;
        for (var w = 0; w < words; w++)
        {
            if ((visitorOkBits[vb + w] & exhibitorOkBits[eb + w] & ~visitorBusyBits[vb + w] & ~exhibitorFullBits[eb + w]) != 0)
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
        placement = default;
        var s = BestFreeSlot(visitor, exhibitor);
        if (s < 0)
        {
            return false;
        }

        placement = new SlotTable(s, FreeTable(exhibitor, s));
        Put(visitor, exhibitor, placement.Slot, placement.Table, fixedMeeting: false);
        return true;
    }

    /// <summary>
    /// The earliest free common slot of least <see cref="GapCost"/>, or -1: the four costs are four bit sets
    /// (next to the visitor's meetings or not, next to the booth's or not), so each word of 64 slots is one test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int BestFreeSlot(int visitor, int exhibitor)
    {
        int vb = visitor * words, eb = exhibitor * words;
        bool visitorHas = visitorMeetings[visitor] > 0, exhibitorHas = exhibitorMeetings[exhibitor] > 0;
        Span<int> first = [-1, -1, -1, -1];
        for (var w = 0; w < words; w++)
        {
            var free = visitorOkBits[vb + w] & exhibitorOkBits[eb + w] & ~visitorBusyBits[vb + w] & ~exhibitorFullBits[eb + w];
            if (free == 0)
            {
                continue;
            }

            var nearVisitor = visitorHas ? Neighbours(visitorBusyBits, vb, w) : ulong.MaxValue;
            var nearBooth = exhibitorHas ? Neighbours(exhibitorAnyBits, eb, w) : ulong.MaxValue;
            Span<ulong> byCost = [free & nearVisitor & nearBooth, free & nearVisitor & ~nearBooth, free & ~nearVisitor & nearBooth, free & ~nearVisitor & ~nearBooth];
            for (var c = 0; c < 4; c++)
            {
                if (first[c] < 0 && byCost[c] != 0)
                {
                    first[c] = (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(byCost[c]);
                }
            }

            if (first[0] >= 0)
            {
                return first[0];
            }
        }

        for (var c = 1; c < 4; c++)
        {
            if (first[c] >= 0)
            {
                return first[c];
            }
        }

        return -1;
    }

    /// <summary>Slots next to a set slot (s - 1 or s + 1) in word w of a bit set, across word boundaries.</summary>
    private ulong Neighbours(ulong[] bits, int baseIndex, int w)
    {
        var x = bits[baseIndex + w];
        var near = (x << 1) | (x >> 1);
        if (w > 0)
        {
            near |= bits[baseIndex + w - 1] >> 63;
        }

        if (w + 1 < words)
        {
            near |= bits[baseIndex + w + 1] << 63;
        }

        return near;
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
                if (!VisitorOk(visitor, a) || !ExhibitorOk(exhibitor, a) || visitorAt[(visitor * slots) + a] >= 0)
                {
                    continue;
                }

                for (var b = 0; b < slots; b++)
                {
                    if (b == a || !ExhibitorOk(exhibitor, b) || tableAt[(y * slots) + b] >= 0)
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
                if (!VisitorOk(visitor, a) || !ExhibitorOk(exhibitor, a))
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
                        ? ExhibitorOk(exhibitor, b) && tableAt[(y * slots) + b] < 0 && TrySwapChain(y, true, a, b)
                        : VisitorOk(visitor, b) && visitorAt[(visitor * slots) + b] < 0 && TrySwapChain(visitor, false, b, a);
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

    /// <summary>Removes the visitor's meeting in this slot unless there is none or it is fixed.</summary>
    internal void RemoveUnfixedAt(int visitor, int slot)
    {
        var id = visitorAt[(visitor * slots) + slot];
        if (id >= 0 && !meetings[id].Fixed)
        {
            Remove(id);
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
            if (!VisitorOk(m.Visitor, newSlot) || !ExhibitorOk(m.Exhibitor, newSlot))
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
            Vacate(m.Visitor, m.Exhibitor, m.Slot, m.Table);
        }

        foreach (var id in chain)
        {
            var m = meetings[id];
            var newSlot = m.Slot == a ? b : a;
            meetings[id] = m with { Slot = newSlot };
            Occupy(id, m.Visitor, m.Exhibitor, newSlot, m.Table);
        }

        return true;
    }

    private bool CanUse(int v, int e, int s, int t) =>
        SlotFree(v, e, s) && tableAt[((tableBase[e] + t) * slots) + s] < 0;

    private bool SlotFree(int v, int e, int s) =>
        VisitorOk(v, s) && ExhibitorOk(e, s) && visitorAt[(v * slots) + s] < 0;

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

        Occupy(id, v, e, s, t);
        visitorMeetings[v]++;
        exhibitorMeetings[e]++;
    }

    private void Remove(int id)
    {
        var m = meetings[id];
        Vacate(m.Visitor, m.Exhibitor, m.Slot, m.Table);
        visitorMeetings[m.Visitor]--;
        exhibitorMeetings[m.Exhibitor]--;
        meetings[id] = m with { Visitor = -1 };
        freeIds.Push(id);
    }

    /// <summary>Marks visitor v and table t of booth e busy in slot s with meeting id (arrays and bit sets).</summary>
    private void Occupy(int id, int v, int e, int s, int t)
    {
        visitorAt[(v * slots) + s] = id;
        tableAt[((tableBase[e] + t) * slots) + s] = id;
        var bit = 1UL << s;
        visitorBusyBits[(v * words) + (s >> 6)] |= bit;
        exhibitorAnyBits[(e * words) + (s >> 6)] |= bit;
        if (++busyTables[(e * slots) + s] == Tables(e))
        {
            exhibitorFullBits[(e * words) + (s >> 6)] |= bit;
        }
    }

    private void Vacate(int v, int e, int s, int t)
    {
        visitorAt[(v * slots) + s] = -1;
        tableAt[((tableBase[e] + t) * slots) + s] = -1;
        var bit = 1UL << s;
        visitorBusyBits[(v * words) + (s >> 6)] &= ~bit;
        exhibitorFullBits[(e * words) + (s >> 6)] &= ~bit;
        if (--busyTables[(e * slots) + s] == 0)
        {
            exhibitorAnyBits[(e * words) + (s >> 6)] &= ~bit;
        }
    }

    private static SlotRange[]? Windows(IReadOnlyList<SlotRange>? availability) =>
        availability is null || availability.Count == 0 ? null : [.. availability];

    private readonly record struct Entry(int Visitor, int Exhibitor, int Slot, int Table, bool Fixed);
}
