using ExpoMatch.Matching.Model;

namespace ExpoMatch.Benchmarks.Matching;

/// <summary>
/// Synthetic events as in reference/matching.md: 512-tag vocabulary drawn Zipf(0.8), 30 tags per participant,
/// 72 slots, 2 tables per booth, b_v = 6, b_e = tables x slots. Each visitor makes 20 accepted requests to distinct
/// booths whose popularity is itself Zipf(0.8) (a few booths are wanted by many; `--skew` sets this exponent: 1.2 is
/// steeper), priority uniform 1..3, one in
/// five mutual. With --availability, half of the visitors are there for one stretch of 18-54 slots and 30% of
/// booths for one stretch of 36-71 slots. Tags mix five scripts so the normaliser is on the hot path.
/// </summary>
internal static class SyntheticEvent
{
    public const int Slots = 72;
    public const int Tables = 2;
    public const int VisitorMeetings = 6;
    private const int Vocabulary = 512;
    private const int TagsEach = 30;
    public const double ZipfExponent = 0.8;
    private static readonly string[] Scripts = ["Smart City", "Đô thị thông minh", "เมืองอัจฉริยะ", "智慧城市", "Умный город"];

    public static (int Exhibitors, int Visitors) Size(string name) => name.ToUpperInvariant() switch
    {
        "S" => (100, 2_000),
        "M" => (1_000, 25_000),
        "L" => (500, 10_000),
        "XL" => (2_000, 50_000),
        "XXL" => (5_000, 100_000),
        _ => throw new ArgumentException($"unknown size '{name}' (S, L, XL, XXL)"),
    };

    public static MatchingInput Create(string size, bool availability, int seed, int requestsPerVisitor = 20, double boothSkew = ZipfExponent)
    {
        var (ne, nv) = Size(size);
        var rng = new Random(seed);
        var vocabulary = Enumerable.Range(0, Vocabulary).Select(i => $"{Scripts[i % Scripts.Length]} {i}").ToArray();
        var tagCdf = ZipfCdf(Vocabulary, ZipfExponent);
        string[] Tags()
        {
            var chosen = new HashSet<int>();
            var list = new List<string>(TagsEach);
            while (list.Count < TagsEach)
            {
                var t = Sample(tagCdf, rng);
                if (chosen.Add(t))
                {
                    list.Add(vocabulary[t]);
                }
            }

            return [.. list];
        }

        SlotRange[]? Window(double probability, int minLength, int maxLength)
        {
            if (!availability || rng.NextDouble() >= probability)
            {
                return null;
            }

            var length = rng.Next(minLength, maxLength + 1);
            var from = rng.Next(0, Slots - length + 1);
            return [new SlotRange(from, from + length - 1)];
        }

        var exhibitors = new ExhibitorInput[ne];
        for (var e = 0; e < ne; e++)
        {
            exhibitors[e] = new ExhibitorInput(Tags(), Tables * Slots, Tables, Window(0.3, 36, 71));
        }

        var visitors = new VisitorInput[nv];
        for (var v = 0; v < nv; v++)
        {
            visitors[v] = new VisitorInput(Tags(), VisitorMeetings, Window(0.5, 18, 54));
        }

        // Booth popularity: Zipf over a random ranking of booths.
        var rank = Enumerable.Range(0, ne).ToArray();
        rng.Shuffle(rank);
        var boothCdf = ZipfCdf(ne, boothSkew);
        var requests = new List<AcceptedRequest>(nv * requestsPerVisitor);
        var picked = new HashSet<int>();
        for (var v = 0; v < nv; v++)
        {
            picked.Clear();
            while (picked.Count < Math.Min(requestsPerVisitor, ne))
            {
                var e = rank[Sample(boothCdf, rng)];
                if (picked.Add(e))
                {
                    requests.Add(new AcceptedRequest(v, e, (RequestPriority)rng.Next(1, 4), rng.Next(5) == 0));
                }
            }
        }

        return new MatchingInput(Slots, visitors, exhibitors, requests, []);
    }

    private static double[] ZipfCdf(int n, double exponent)
    {
        var cdf = new double[n];
        double sum = 0;
        for (var k = 0; k < n; k++)
        {
            sum += Math.Pow(k + 1, -exponent);
            cdf[k] = sum;
        }

        for (var k = 0; k < n; k++)
        {
            cdf[k] /= sum;
        }

        return cdf;
    }

    private static int Sample(double[] cdf, Random rng)
    {
        var i = Array.BinarySearch(cdf, rng.NextDouble());
        return Math.Min(cdf.Length - 1, i < 0 ? ~i : i);
    }
}
