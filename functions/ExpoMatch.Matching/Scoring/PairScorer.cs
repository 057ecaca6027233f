using ExpoMatch.Matching.Model;

namespace ExpoMatch.Matching.Scoring;

/// <summary>
/// Scores (visitor, exhibitor) pairs and keeps the top K candidates per visitor.
/// Tag score: sum over shared normalised tags of round(1000 * ln(1 + N / df(tag))), N = participants in the event,
/// so rare tags count more. Requests: weight = tagScore + level * RequestUnit with RequestUnit larger than any tag
/// score and level = priority (1..3) + 3 if mutual, so an accepted request beats any tag match, a mutual request
/// beats any one-sided one, and a higher priority beats a lower one.
/// Candidates come from an inverted index (tag -> exhibitors), never from all pairs.
/// </summary>
public static class PairScorer
{
    private const int NoLevel = 0;

    public static ScoredEvent Score(MatchingInput input, MatchingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new MatchingOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.CandidatesPerVisitor);
        var nv = input.Visitors.Count;
        var ne = input.Exhibitors.Count;

        var (tagNames, visitorTags, exhibitorTags) = InternTags(input);
        var tagWeight = TagWeights(tagNames.Length, visitorTags, exhibitorTags, nv + ne);
        var requestUnit = checked(Math.Min(MaxTagSum(visitorTags, tagWeight), MaxTagSum(exhibitorTags, tagWeight)) + 1);
        var forced = ForcedPairs(input, nv, ne);

        var postings = Postings(tagNames.Length, exhibitorTags);
        var perVisitor = new (int Exhibitor, int Weight, byte Level)[nv][];
        var k = options.CandidatesPerVisitor;
        void ScoreRange(int from, int to)
        {
            var acc = new int[ne];
            var touched = new List<int>();
            var best = new List<(int Score, int Exhibitor)>(k + 1);
            for (var v = from; v < to; v++)
            {
                perVisitor[v] = ScoreVisitor(v, visitorTags[v], exhibitorTags, postings, tagWeight, forced[v], k, requestUnit, acc, touched, best);
            }
        }

        const int chunk = 512;
        var chunks = (nv + chunk - 1) / chunk;
        if (options.ParallelScoring && chunks > 1)
        {
            Parallel.For(0, chunks, c => ScoreRange(c * chunk, Math.Min(nv, (c + 1) * chunk)));
        }
        else
        {
            ScoreRange(0, nv);
        }

        var arcCount = perVisitor.Sum(a => a.Length);
        var arcV = new int[arcCount];
        var arcE = new int[arcCount];
        var arcW = new int[arcCount];
        var arcLevel = new byte[arcCount];
        var i = 0;
        for (var v = 0; v < nv; v++)
        {
            foreach (var (e, w, level) in perVisitor[v])
            {
                arcV[i] = v;
                arcE[i] = e;
                arcW[i] = w;
                arcLevel[i] = level;
                i++;
            }
        }

        var problem = new MatchingProblem(
            input.SlotCount,
            [.. input.Visitors.Select(x => x.MaxMeetings)],
            [.. input.Visitors.Select(x => Windows(x.Availability))],
            [.. input.Exhibitors.Select(x => x.MaxMeetings)],
            [.. input.Exhibitors.Select(x => x.Tables)],
            [.. input.Exhibitors.Select(x => Windows(x.Availability))],
            arcV,
            arcE,
            arcW);
        return new ScoredEvent(problem, arcLevel, tagNames, tagWeight, visitorTags, exhibitorTags, requestUnit);
    }

    private static SlotRange[]? Windows(IReadOnlyList<SlotRange>? availability) =>
        availability is null || availability.Count == 0 ? null : [.. availability];

    private static (int Exhibitor, int Weight, byte Level)[] ScoreVisitor(
        int v,
        int[] tags,
        int[][] exhibitorTags,
        int[][] postings,
        int[] tagWeight,
        List<(int Exhibitor, byte Level)>? forced,
        int k,
        int requestUnit,
        int[] acc,
        List<int> touched,
        List<(int Score, int Exhibitor)> best)
    {
        var result = new List<(int Exhibitor, int Weight, byte Level)>(Math.Max(k, forced?.Count ?? 0));
        var room = k - (forced?.Count ?? 0);
        if (room <= 0)
        {
            // Requests fill the K places: only their own tag scores are needed, no index walk.
            foreach (var (e, level) in forced ?? [])
            {
                result.Add((e, Weight(SharedWeight(tags, exhibitorTags[e], tagWeight), level, requestUnit), level));
            }

            return [.. result];
        }

        touched.Clear();
        foreach (var t in tags)
        {
            var w = tagWeight[t];
            foreach (var e in postings[t])
            {
                if (acc[e] == 0)
                {
                    touched.Add(e);
                }

                acc[e] += w;
            }
        }

        if (forced is not null)
        {
            foreach (var (e, level) in forced)
            {
                result.Add((e, Weight(acc[e], level, requestUnit), level));
                acc[e] = -acc[e] - 1; // mark as taken; restored below
            }
        }

        // Top `room` by (score desc, exhibitor asc): a small sorted buffer, most candidates fail one compare.
        best.Clear();
        foreach (var e in touched)
        {
            var s = acc[e];
            if (s <= 0)
            {
                continue;
            }

            if (best.Count == room && !Better(s, e, best[^1]))
            {
                continue;
            }

            var pos = best.Count;
            while (pos > 0 && Better(s, e, best[pos - 1]))
            {
                pos--;
            }

            best.Insert(pos, (s, e));
            if (best.Count > room)
            {
                best.RemoveAt(best.Count - 1);
            }
        }

        foreach (var (s, e) in best)
        {
            result.Add((e, s, NoLevel));
        }

        foreach (var e in touched)
        {
            acc[e] = 0;
        }

        foreach (var (e, _) in forced ?? [])
        {
            acc[e] = 0;
        }

        result.Sort((a, b) => a.Exhibitor.CompareTo(b.Exhibitor));
        return [.. result];
    }

    private static int Weight(int tagScore, byte level, int requestUnit) =>
        level == NoLevel ? Math.Max(1, tagScore) : checked(tagScore + (level * requestUnit));

    private static int SharedWeight(int[] a, int[] b, int[] tagWeight)
    {
        int i = 0, j = 0, sum = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                sum += tagWeight[a[i]];
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

        return sum;
    }

    private static bool Better(int score, int exhibitor, (int Score, int Exhibitor) other) =>
        score > other.Score || (score == other.Score && exhibitor < other.Exhibitor);

    /// <summary>Per visitor: accepted requests (highest level per pair) and fixed meetings' pairs, by exhibitor.</summary>
    private static List<(int Exhibitor, byte Level)>?[] ForcedPairs(MatchingInput input, int nv, int ne)
    {
        var forced = new List<(int Exhibitor, byte Level)>?[nv];
        foreach (var r in input.Requests)
        {
            CheckPair(r.Visitor, r.Exhibitor, nv, ne);
            if (r.Priority is < RequestPriority.Low or > RequestPriority.High)
            {
                throw new ArgumentException($"Request ({r.Visitor}, {r.Exhibitor}) has an unknown priority.", nameof(input));
            }

            (forced[r.Visitor] ??= []).Add((r.Exhibitor, (byte)((int)r.Priority + (r.Mutual ? 3 : 0))));
        }

        foreach (var f in input.FixedMeetings)
        {
            CheckPair(f.Visitor, f.Exhibitor, nv, ne);
            (forced[f.Visitor] ??= []).Add((f.Exhibitor, NoLevel));
        }

        foreach (var list in forced)
        {
            if (list is null)
            {
                continue;
            }

            // One entry per exhibitor, keeping the highest level (a request outranks a bare fixed meeting).
            list.Sort((a, b) => a.Exhibitor != b.Exhibitor ? a.Exhibitor.CompareTo(b.Exhibitor) : b.Level.CompareTo(a.Level));
            var kept = 0;
            for (var i = 0; i < list.Count; i++)
            {
                if (kept == 0 || list[kept - 1].Exhibitor != list[i].Exhibitor)
                {
                    list[kept++] = list[i];
                }
            }

            list.RemoveRange(kept, list.Count - kept);
        }

        return forced;
    }

    private static void CheckPair(int v, int e, int nv, int ne)
    {
        if ((uint)v >= (uint)nv || (uint)e >= (uint)ne)
        {
            throw new ArgumentException($"Pair ({v}, {e}) refers to an unknown participant.");
        }
    }

    private static (string[] Names, int[][] VisitorTags, int[][] ExhibitorTags) InternTags(MatchingInput input)
    {
        // Events repeat the same few hundred tags thousands of times: normalise each distinct spelling once.
        var normalisedOf = new Dictionary<string, string>(StringComparer.Ordinal);
        string Normalised(string raw)
        {
            ArgumentNullException.ThrowIfNull(raw);
            if (!normalisedOf.TryGetValue(raw, out var n))
            {
                n = TagNormalizer.Normalize(raw);
                normalisedOf[raw] = n;
            }

            return n;
        }

        var participants = input.Visitors.Select(v => v.Tags).Concat(input.Exhibitors.Select(e => e.Tags)).ToArray();
        foreach (var tags in participants)
        {
            foreach (var t in tags)
            {
                Normalised(t);
            }
        }

        // Ids follow ordinal order of the normalised text, so they never depend on hashing or input order.
        var names = normalisedOf.Values.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var idOfName = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var t = 0; t < names.Length; t++)
        {
            idOfName[names[t]] = t;
        }

        var idOfRaw = new Dictionary<string, int>(normalisedOf.Count, StringComparer.Ordinal);
        foreach (var (raw, n) in normalisedOf)
        {
            idOfRaw[raw] = n.Length > 0 ? idOfName[n] : -1;
        }

        var ids = new int[participants.Length][];
        for (var i = 0; i < participants.Length; i++)
        {
            var tags = participants[i];
            var a = new int[tags.Count];
            var count = 0;
            foreach (var t in tags)
            {
                var id = idOfRaw[t];
                if (id >= 0)
                {
                    a[count++] = id;
                }
            }

            Array.Sort(a, 0, count);
            var unique = 0;
            for (var j = 0; j < count; j++)
            {
                if (unique == 0 || a[unique - 1] != a[j])
                {
                    a[unique++] = a[j];
                }
            }

            ids[i] = unique == a.Length ? a : a[..unique];
        }

        var nv = input.Visitors.Count;
        return (names, ids[..nv], ids[nv..]);
    }

    private static int[] TagWeights(int tagCount, int[][] visitorTags, int[][] exhibitorTags, int participants)
    {
        var df = new int[tagCount];
        foreach (var tags in visitorTags.Concat(exhibitorTags))
        {
            foreach (var t in tags)
            {
                df[t]++;
            }
        }

        var weight = new int[tagCount];
        for (var t = 0; t < tagCount; t++)
        {
            weight[t] = (int)Math.Round(1000 * Math.Log(1 + ((double)participants / df[t])));
        }

        return weight;
    }

    private static int MaxTagSum(int[][] tagsPerParticipant, int[] tagWeight)
    {
        var max = 0;
        foreach (var tags in tagsPerParticipant)
        {
            var sum = 0;
            foreach (var t in tags)
            {
                sum += tagWeight[t];
            }

            max = Math.Max(max, sum);
        }

        return max;
    }

    private static int[][] Postings(int tagCount, int[][] exhibitorTags)
    {
        var count = new int[tagCount];
        foreach (var tags in exhibitorTags)
        {
            foreach (var t in tags)
            {
                count[t]++;
            }
        }

        var postings = new int[tagCount][];
        for (var t = 0; t < tagCount; t++)
        {
            postings[t] = new int[count[t]];
            count[t] = 0;
        }

        for (var e = 0; e < exhibitorTags.Length; e++)
        {
            foreach (var t in exhibitorTags[e])
            {
                postings[t][count[t]++] = e;
            }
        }

        return postings;
    }
}
