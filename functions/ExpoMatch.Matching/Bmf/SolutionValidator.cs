using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Bmf;

/// <summary>Outcome of validating a solution; <see cref="Value"/> is the sum of its arcs' weights.</summary>
public sealed record SolutionValidation(bool IsValid, long Value, IReadOnlyList<string> Errors);

/// <summary>Checks a solution against every rule of the bmf format (reference/matching.md).</summary>
public static class SolutionValidator
{
    public static SolutionValidation Validate(MatchingProblem problem, IReadOnlyList<BmfMeeting> meetings)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(meetings);
        var errors = new List<string>();
        var usedArc = new HashSet<int>();
        var visitorLoad = new int[problem.VisitorCount];
        var exhibitorLoad = new int[problem.ExhibitorCount];
        var visitorSlot = new HashSet<(int V, int S)>();
        var tableSlot = new HashSet<(int E, int S, int T)>();
        long value = 0;
        for (var i = 0; i < meetings.Count; i++)
        {
            var (v, e, s, t) = meetings[i];
            var where = $"meeting {i} (m {v} {e} {s} {t})";
            if ((uint)v >= (uint)problem.VisitorCount || (uint)e >= (uint)problem.ExhibitorCount)
            {
                errors.Add($"{where}: unknown participant");
                continue;
            }

            var arc = problem.FindArc(v, e);
            if (arc < 0)
            {
                errors.Add($"{where}: not an arc of the problem");
                continue;
            }

            if (!usedArc.Add(arc))
            {
                errors.Add($"{where}: arc used more than once");
                continue;
            }

            value += problem.ArcWeight[arc];
            if (++visitorLoad[v] == problem.VisitorCapacity[v] + 1)
            {
                errors.Add($"{where}: visitor {v} exceeds maxMeetings {problem.VisitorCapacity[v]}");
            }

            if (++exhibitorLoad[e] == problem.ExhibitorCapacity[e] + 1)
            {
                errors.Add($"{where}: exhibitor {e} exceeds maxMeetings {problem.ExhibitorCapacity[e]}");
            }

            if ((uint)s >= (uint)problem.SlotCount)
            {
                errors.Add($"{where}: slot outside 0..{problem.SlotCount - 1}");
                continue;
            }

            if ((uint)t >= (uint)problem.ExhibitorTables[e])
            {
                errors.Add($"{where}: table outside 0..{problem.ExhibitorTables[e] - 1}");
            }
            else if (!tableSlot.Add((e, s, t)))
            {
                errors.Add($"{where}: exhibitor {e} table {t} already has a meeting in slot {s}");
            }

            if (!visitorSlot.Add((v, s)))
            {
                errors.Add($"{where}: visitor {v} already has a meeting in slot {s}");
            }

            if (!problem.VisitorAvailable(v, s))
            {
                errors.Add($"{where}: slot {s} is outside visitor {v}'s windows");
            }

            if (!problem.ExhibitorAvailable(e, s))
            {
                errors.Add($"{where}: slot {s} is outside exhibitor {e}'s windows");
            }
        }

        return new SolutionValidation(errors.Count == 0, value, errors);
    }
}
