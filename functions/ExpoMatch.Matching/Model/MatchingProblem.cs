namespace ExpoMatch.Matching.Model;

/// <summary>
/// A scored stage-A problem, the in-memory form of a bmf file: capacities, tables, availability windows and
/// weighted arcs. Arcs are sorted by (visitor, exhibitor) and unique per pair. Arrays are owned by the problem:
/// callers must not change them after construction.
/// </summary>
public sealed class MatchingProblem
{
    public MatchingProblem(
        int slotCount,
        int[] visitorCapacity,
        SlotRange[]?[] visitorWindows,
        int[] exhibitorCapacity,
        int[] exhibitorTables,
        SlotRange[]?[] exhibitorWindows,
        int[] arcVisitor,
        int[] arcExhibitor,
        int[] arcWeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slotCount);
        if (visitorWindows.Length != visitorCapacity.Length)
        {
            throw new ArgumentException("One window list per visitor is required.", nameof(visitorWindows));
        }

        if (exhibitorTables.Length != exhibitorCapacity.Length || exhibitorWindows.Length != exhibitorCapacity.Length)
        {
            throw new ArgumentException("Tables and windows are required per exhibitor.", nameof(exhibitorTables));
        }

        if (arcExhibitor.Length != arcVisitor.Length || arcWeight.Length != arcVisitor.Length)
        {
            throw new ArgumentException("Arc arrays must have the same length.", nameof(arcVisitor));
        }

        SlotCount = slotCount;
        VisitorCapacity = visitorCapacity;
        VisitorWindows = visitorWindows;
        ExhibitorCapacity = exhibitorCapacity;
        ExhibitorTables = exhibitorTables;
        ExhibitorWindows = exhibitorWindows;
        ArcVisitor = arcVisitor;
        ArcExhibitor = arcExhibitor;
        ArcWeight = arcWeight;
        VisitorArcStart = new int[visitorCapacity.Length + 1];
        for (var a = 0; a < arcVisitor.Length; a++)
        {
            var v = arcVisitor[a];
            if ((uint)v >= (uint)visitorCapacity.Length || (uint)arcExhibitor[a] >= (uint)exhibitorCapacity.Length)
            {
                throw new ArgumentException($"Arc {a} refers to an unknown participant.", nameof(arcVisitor));
            }

            if (arcWeight[a] <= 0)
            {
                throw new ArgumentException($"Arc {a} has a non-positive weight.", nameof(arcWeight));
            }

            if (a > 0 && (arcVisitor[a - 1] > v || (arcVisitor[a - 1] == v && arcExhibitor[a - 1] >= arcExhibitor[a])))
            {
                throw new ArgumentException("Arcs must be sorted by (visitor, exhibitor) and unique.", nameof(arcVisitor));
            }

            VisitorArcStart[v + 1]++;
        }

        for (var v = 0; v < visitorCapacity.Length; v++)
        {
            VisitorArcStart[v + 1] += VisitorArcStart[v];
        }
    }

    public int SlotCount { get; }

    public int VisitorCount => VisitorCapacity.Length;

    public int ExhibitorCount => ExhibitorCapacity.Length;

    public int ArcCount => ArcVisitor.Length;

    public int[] VisitorCapacity { get; }

    /// <summary>Inclusive slot ranges per visitor; null means every slot.</summary>
    public SlotRange[]?[] VisitorWindows { get; }

    public int[] ExhibitorCapacity { get; }

    public int[] ExhibitorTables { get; }

    public SlotRange[]?[] ExhibitorWindows { get; }

    public int[] ArcVisitor { get; }

    public int[] ArcExhibitor { get; }

    public int[] ArcWeight { get; }

    /// <summary>Arcs of visitor v are [VisitorArcStart[v], VisitorArcStart[v+1]).</summary>
    public int[] VisitorArcStart { get; }

    /// <summary>Index of the arc (visitor, exhibitor), or -1.</summary>
    public int FindArc(int visitor, int exhibitor)
    {
        var lo = VisitorArcStart[visitor];
        var hi = VisitorArcStart[visitor + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var x = ArcExhibitor[mid];
            if (x == exhibitor)
            {
                return mid;
            }

            if (x < exhibitor)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>Whether the visitor may meet in the slot (window-wise).</summary>
    public bool VisitorAvailable(int visitor, int slot) => SlotWindows.Contains(VisitorWindows[visitor], slot);

    public bool ExhibitorAvailable(int exhibitor, int slot) => SlotWindows.Contains(ExhibitorWindows[exhibitor], slot);
}

/// <summary>Helpers for window lists (inclusive ranges; null = always available).</summary>
public static class SlotWindows
{
    public static bool Contains(SlotRange[]? windows, int slot)
    {
        if (windows is null)
        {
            return true;
        }

        foreach (var w in windows)
        {
            if (slot >= w.From && slot <= w.To)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Availability as one flag per slot.</summary>
    public static bool[] ToMask(SlotRange[]? windows, int slotCount)
    {
        var mask = new bool[slotCount];
        if (windows is null)
        {
            Array.Fill(mask, true);
            return mask;
        }

        foreach (var w in windows)
        {
            for (var s = Math.Max(0, w.From); s <= Math.Min(slotCount - 1, w.To); s++)
            {
                mask[s] = true;
            }
        }

        return mask;
    }
}
