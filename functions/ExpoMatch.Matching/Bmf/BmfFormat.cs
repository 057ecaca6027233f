using System.Globalization;
using System.Text;
using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Bmf;

/// <summary>A line of a bmf solution: meeting of visitor and exhibitor in (slot, table).</summary>
public readonly record struct BmfMeeting(int Visitor, int Exhibitor, int Slot, int Table);

/// <summary>
/// Reads and writes the bmf problem and solution formats of reference/matching.md
/// (p/v/x/a lines, m lines for solutions, c lines are comments). Errors name the line.
/// </summary>
public static class BmfFormat
{
    public static MatchingProblem ReadProblem(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int nv = -1, ne = -1, slots = -1, declaredArcs = -1;
        int[] vCap = [], xCap = [], xTables = [];
        SlotRange[]?[] vWin = [], xWin = [];
        var arcs = new List<(int V, int E, int W)>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || f[0] == "c")
            {
                continue;
            }

            if (f[0] == "p")
            {
                Require(f.Length == 5 && nv < 0, lineNo, "expected one 'p <visitors> <exhibitors> <slots> <arcs>' line first");
                (nv, ne, slots, declaredArcs) = (Int(f[1], lineNo), Int(f[2], lineNo), Int(f[3], lineNo), Int(f[4], lineNo));
                vCap = new int[nv];
                vWin = new SlotRange[]?[nv];
                xCap = new int[ne];
                xTables = new int[ne];
                xWin = new SlotRange[]?[ne];
                continue;
            }

            Require(nv >= 0, lineNo, "the 'p' line must come first");
            switch (f[0])
            {
                case "v":
                    Require(f.Length >= 3, lineNo, "expected 'v <visitor> <maxMeetings> [<from>-<to> ...]'");
                    var v = Id(f[1], nv, lineNo);
                    vCap[v] = Int(f[2], lineNo);
                    vWin[v] = ParseWindows(f, 3, slots, lineNo);
                    break;
                case "x":
                    Require(f.Length >= 4, lineNo, "expected 'x <exhibitor> <maxMeetings> <tables> [<from>-<to> ...]'");
                    var e = Id(f[1], ne, lineNo);
                    xCap[e] = Int(f[2], lineNo);
                    xTables[e] = Int(f[3], lineNo);
                    xWin[e] = ParseWindows(f, 4, slots, lineNo);
                    break;
                case "a":
                    Require(f.Length == 4, lineNo, "expected 'a <visitor> <exhibitor> <weight>'");
                    var w = Int(f[3], lineNo);
                    Require(w > 0, lineNo, "weights must be positive integers");
                    arcs.Add((Id(f[1], nv, lineNo), Id(f[2], ne, lineNo), w));
                    break;
                default:
                    throw new FormatException($"line {lineNo}: unknown record '{f[0]}'");
            }
        }

        Require(nv >= 0, lineNo, "missing 'p' line");
        Require(arcs.Count == declaredArcs, lineNo, $"the 'p' line declares {declaredArcs} arcs, the file has {arcs.Count}");
        arcs.Sort((a, b) => a.V != b.V ? a.V.CompareTo(b.V) : a.E.CompareTo(b.E));
        for (var i = 1; i < arcs.Count; i++)
        {
            Require(arcs[i].V != arcs[i - 1].V || arcs[i].E != arcs[i - 1].E, lineNo, $"duplicate arc ({arcs[i].V}, {arcs[i].E})");
        }

        return new MatchingProblem(
            slots, vCap, vWin, xCap, xTables, xWin, [.. arcs.Select(a => a.V)], [.. arcs.Select(a => a.E)], [.. arcs.Select(a => a.W)]);
    }

    public static void WriteProblem(MatchingProblem problem, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(writer);
        var sb = new StringBuilder();
        writer.WriteLine(Inv($"p {problem.VisitorCount} {problem.ExhibitorCount} {problem.SlotCount} {problem.ArcCount}"));
        for (var v = 0; v < problem.VisitorCount; v++)
        {
            sb.Clear().Append(Inv($"v {v} {problem.VisitorCapacity[v]}"));
            AppendWindows(sb, problem.VisitorWindows[v]);
            writer.WriteLine(sb);
        }

        for (var e = 0; e < problem.ExhibitorCount; e++)
        {
            sb.Clear().Append(Inv($"x {e} {problem.ExhibitorCapacity[e]} {problem.ExhibitorTables[e]}"));
            AppendWindows(sb, problem.ExhibitorWindows[e]);
            writer.WriteLine(sb);
        }

        for (var a = 0; a < problem.ArcCount; a++)
        {
            writer.WriteLine(Inv($"a {problem.ArcVisitor[a]} {problem.ArcExhibitor[a]} {problem.ArcWeight[a]}"));
        }
    }

    public static IReadOnlyList<BmfMeeting> ReadSolution(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var list = new List<BmfMeeting>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || f[0] == "c")
            {
                continue;
            }

            Require(f[0] == "m" && f.Length == 5, lineNo, "expected 'm <visitor> <exhibitor> <slot> <table>'");
            list.Add(new BmfMeeting(Int(f[1], lineNo), Int(f[2], lineNo), Int(f[3], lineNo), Int(f[4], lineNo)));
        }

        return list;
    }

    public static void WriteSolution(IEnumerable<BmfMeeting> meetings, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var m in meetings)
        {
            writer.WriteLine(Inv($"m {m.Visitor} {m.Exhibitor} {m.Slot} {m.Table}"));
        }
    }

    private static SlotRange[]? ParseWindows(string[] f, int from, int slots, int lineNo)
    {
        if (f.Length <= from)
        {
            return null;
        }

        var windows = new SlotRange[f.Length - from];
        for (var i = from; i < f.Length; i++)
        {
            var dash = f[i].IndexOf('-', StringComparison.Ordinal);
            Require(dash > 0, lineNo, $"bad window '{f[i]}', expected <from>-<to>");
            var lo = Int(f[i][..dash], lineNo);
            var hi = Int(f[i][(dash + 1)..], lineNo);
            Require(lo <= hi && hi < slots, lineNo, $"window '{f[i]}' is empty or beyond the last slot");
            windows[i - from] = new SlotRange(lo, hi);
        }

        return windows;
    }

    private static void AppendWindows(StringBuilder sb, SlotRange[]? windows)
    {
        foreach (var w in windows ?? [])
        {
            sb.Append(Inv($" {w.From}-{w.To}"));
        }
    }

    private static int Int(string s, int lineNo) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var x)
            ? x : throw new FormatException($"line {lineNo}: '{s}' is not a non-negative integer");

    private static int Id(string s, int count, int lineNo)
    {
        var id = Int(s, lineNo);
        Require(id < count, lineNo, $"id {id} is out of range (0..{count - 1})");
        return id;
    }

    private static void Require(bool ok, int lineNo, string message)
    {
        if (!ok)
        {
            throw new FormatException($"line {lineNo}: {message}");
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
