using ExpoMatch.Matching.Model;

namespace ExpoMatch.Tests.Matching;

/// <summary>Small seeded random problems and inputs for the matching tests.</summary>
internal static class RandomInstances
{
    public static MatchingProblem Problem(
        int seed, int visitors, int exhibitors, int slots, double arcDensity, int maxWeight, bool windows = false, int tables = 1)
    {
        var rng = new Random(seed);
        var arcV = new List<int>();
        var arcE = new List<int>();
        var arcW = new List<int>();
        for (var v = 0; v < visitors; v++)
        {
            for (var e = 0; e < exhibitors; e++)
            {
                if (rng.NextDouble() < arcDensity)
                {
                    arcV.Add(v);
                    arcE.Add(e);
                    arcW.Add(rng.Next(1, maxWeight + 1));
                }
            }
        }

        SlotRange[]? Window()
        {
            if (!windows || rng.Next(3) == 0)
            {
                return null;
            }

            var from = rng.Next(slots);
            return [new SlotRange(from, Math.Min(slots - 1, from + rng.Next(slots)))];
        }

        return new MatchingProblem(
            slots,
            [.. Enumerable.Range(0, visitors).Select(_ => rng.Next(0, 4))],
            [.. Enumerable.Range(0, visitors).Select(_ => Window())],
            [.. Enumerable.Range(0, exhibitors).Select(_ => rng.Next(0, 6))],
            [.. Enumerable.Range(0, exhibitors).Select(_ => tables)],
            [.. Enumerable.Range(0, exhibitors).Select(_ => Window())],
            [.. arcV],
            [.. arcE],
            [.. arcW]);
    }

    public static MatchingInput Input(int seed, int visitors, int exhibitors, int slots, int tables, bool windows)
    {
        var rng = new Random(seed);
        string[] vocabulary = ["AI", "IoT", "đô thị thông minh", "เมืองอัจฉริยะ", "智慧城市", "умный город", "mobility", "energy", "water", "5G"];
        string[] Tags() => [.. Enumerable.Range(0, 4).Select(_ => vocabulary[rng.Next(vocabulary.Length)])];
        SlotRange[]? Window() => windows && rng.Next(2) == 0 ? [new SlotRange(rng.Next(slots / 2), (slots / 2) + rng.Next(slots / 2))] : null;
        var vs = Enumerable.Range(0, visitors).Select(_ => new VisitorInput(Tags(), rng.Next(1, 5), Window())).ToList();
        var es = Enumerable.Range(0, exhibitors).Select(_ => new ExhibitorInput(Tags(), rng.Next(2, slots * tables), tables, Window())).ToList();
        var requests = new List<AcceptedRequest>();
        for (var v = 0; v < visitors; v++)
        {
            foreach (var e in Enumerable.Range(0, exhibitors).Where(_ => rng.Next(4) == 0))
            {
                requests.Add(new AcceptedRequest(v, e, (RequestPriority)rng.Next(1, 4), rng.Next(3) == 0));
            }
        }

        return new MatchingInput(slots, vs, es, requests, []);
    }
}
