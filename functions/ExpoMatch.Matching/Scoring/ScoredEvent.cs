using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Scoring;

/// <summary>
/// The scored event: the stage-A problem plus what is needed to explain each arc (request level, tags).
/// </summary>
public sealed class ScoredEvent
{
    internal ScoredEvent(
        MatchingProblem problem,
        byte[] arcRequest,
        string[] tagNames,
        int[] tagWeight,
        int[][] visitorTags,
        int[][] exhibitorTags,
        int requestUnit)
    {
        Problem = problem;
        ArcRequest = arcRequest;
        TagNames = tagNames;
        TagWeight = tagWeight;
        VisitorTags = visitorTags;
        ExhibitorTags = exhibitorTags;
        RequestUnit = requestUnit;
    }

    public MatchingProblem Problem { get; }

    /// <summary>Per arc: 0 = tag match only; otherwise (int)priority + (mutual ? 3 : 0), see <see cref="PairScorer"/>.</summary>
    internal byte[] ArcRequest { get; }

    internal string[] TagNames { get; }

    internal int[] TagWeight { get; }

    internal int[][] VisitorTags { get; }

    internal int[][] ExhibitorTags { get; }

    /// <summary>Weight of one request level; larger than any tag score in the event.</summary>
    public int RequestUnit { get; }

    /// <summary>Why the arc exists: request, priority, mutual, and the shared tags rarest first.</summary>
    public MeetingReason ExplainArc(int arc)
    {
        var p = Problem;
        var shared = SharedTags(VisitorTags[p.ArcVisitor[arc]], ExhibitorTags[p.ArcExhibitor[arc]]);
        var level = ArcRequest[arc];
        if (level == 0)
        {
            return new MeetingReason(false, null, false, shared);
        }

        var mutual = level > 3;
        return new MeetingReason(true, (RequestPriority)(mutual ? level - 3 : level), mutual, shared);
    }

    private string[] SharedTags(int[] a, int[] b)
    {
        var shared = new List<int>();
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared.Add(a[i]);
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        // Rarest (heaviest) first; ties by name so the order never depends on anything but the data.
        return [.. shared.OrderByDescending(t => TagWeight[t]).ThenBy(t => TagNames[t], StringComparer.Ordinal)
            .Select(t => TagNames[t])];
    }
}
