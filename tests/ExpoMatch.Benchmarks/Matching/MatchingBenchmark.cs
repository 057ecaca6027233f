using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ExpoMatch.Matching;
using ExpoMatch.Matching.Bmf;
using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Scoring;

namespace ExpoMatch.Benchmarks.Matching;

/// <summary>
/// `matching generate|run|solve`: synthetic events, end-to-end runs with quality metrics, and solving bmf files.
/// </summary>
public static class MatchingBenchmark
{
    public static int Run(string[] args)
    {
        try
        {
            var options = Options.Parse(args.Skip(1));
            return args.FirstOrDefault() switch
            {
                "generate" => Generate(options),
                "run" => RunEndToEnd(options),
                "solve" => Solve(options),
                _ => Usage(),
            };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return Usage();
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: matching generate --size S|L|XL|XXL [--availability] [--requests N] [--skew X] --seed N --out DIR
                   matching run --size S|L|XL|XXL [--availability] [--requests N] [--skew X] [--seed N] [--repeat N] [--fairness none|atLeastOne]
                   matching solve --problem P.bmf --solution S.txt [--repeat N] [--fairness none|atLeastOne]
            (solve also runs LEMON's network simplex on the same problem when liblemon-dev is installed)
            """);
        return 2;
    }

    private static int Generate(Options o)
    {
        var input = SyntheticEvent.Create(o.Size, o.Availability, o.Seed, o.Requests, o.Skew);
        Directory.CreateDirectory(o.Require("out"));
        var dir = o.Require("out");
        using (var w = new StreamWriter(Path.Combine(dir, "participants.tsv"), false, new UTF8Encoding(false)))
        {
            WriteParticipants(input, w);
        }

        var scored = PairScorer.Score(input);
        using (var w = new StreamWriter(Path.Combine(dir, "problem.bmf"), false, new UTF8Encoding(false)))
        {
            w.WriteLine(Inv($"c ExpoMatch synthetic {o.Size} seed {o.Seed} availability {o.Availability} skew {o.Skew} requestUnit {scored.RequestUnit}"));
            BmfFormat.WriteProblem(scored.Problem, w);
        }

        Console.WriteLine(Inv($"wrote {dir}: skew {o.Skew}, {input.Visitors.Count} visitors, {input.Exhibitors.Count} exhibitors, {input.Requests.Count} requests, {scored.Problem.ArcCount} arcs"));
        return 0;
    }

    /// <summary>Tab-separated: v/x lines (id, maxMeetings, tables, windows, tags joined by '|'), then r lines.</summary>
    private static void WriteParticipants(MatchingInput input, TextWriter w)
    {
        static string Windows(IReadOnlyList<SlotRange>? ws) =>
            ws is null || ws.Count == 0 ? "-" : string.Join(',', ws.Select(x => Inv($"{x.From}-{x.To}")));
        w.WriteLine("# kind\tid\tmaxMeetings\ttables\twindows\ttags | r\tvisitor\texhibitor\tpriority\tmutual");
        for (var v = 0; v < input.Visitors.Count; v++)
        {
            var x = input.Visitors[v];
            w.WriteLine(Inv($"v\t{v}\t{x.MaxMeetings}\t-\t{Windows(x.Availability)}\t{string.Join('|', x.Tags)}"));
        }

        for (var e = 0; e < input.Exhibitors.Count; e++)
        {
            var x = input.Exhibitors[e];
            w.WriteLine(Inv($"x\t{e}\t{x.MaxMeetings}\t{x.Tables}\t{Windows(x.Availability)}\t{string.Join('|', x.Tags)}"));
        }

        foreach (var r in input.Requests)
        {
            w.WriteLine(Inv($"r\t{r.Visitor}\t{r.Exhibitor}\t{(int)r.Priority}\t{(r.Mutual ? 1 : 0)}"));
        }
    }

    private static int RunEndToEnd(Options o)
    {
        var input = SyntheticEvent.Create(o.Size, o.Availability, o.Seed, o.Requests, o.Skew);
        Console.WriteLine(Inv($"matching run: size {o.Size} ({input.Exhibitors.Count} x {input.Visitors.Count}), availability {o.Availability}, skew {o.Skew}, fairness {o.Fairness}, seed {o.Seed}, {input.Requests.Count} requests, {o.Repeat} repetitions"));
        var runs = new List<RunSample>();
        MatchingMetrics? metrics = null;
        for (var i = 0; i < o.Repeat; i++)
        {
            // Aggressive: give the previous repetition's heap back to the OS, so each repetition's peak is its own.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var sample = RunOnce(input, o, i, out metrics);
            if (sample is null)
            {
                return 1;
            }

            runs.Add(sample);
        }

        PrintSummary(runs, metrics!, o);
        return 0;
    }

    /// <summary>
    /// One repetition in its own frame, so nothing of it (the schedule, the scored problem) is still referenced when
    /// the next one starts: in the loop body runs 2 and 3 reported ~80 MB more than run 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RunSample? RunOnce(MatchingInput input, Options o, int i, out MatchingMetrics metrics)
    {
        MemoryMeter.ResetPeak();
        var start = Stopwatch.GetTimestamp();
        var cpu0 = CpuSeconds();
        var scored = PairScorer.Score(input);
        var scoring = Stopwatch.GetElapsedTime(start);
        var cpu1 = CpuSeconds();
        var scoringPeak = MemoryMeter.PeakMegabytes();
        MemoryMeter.ResetPeak();
        var outcome = MatchingEngine.Schedule(scored.Problem, input.FixedMeetings, new MatchingOptions(Fairness: o.Fairness));
        var schedulePeak = MemoryMeter.PeakMegabytes();
        var total = Stopwatch.GetElapsedTime(start);
        var cpu2 = CpuSeconds();
        metrics = MatchingMetrics.Compute(scored.Problem, outcome, scored.ArcRequest, scoring);
        var validation = SolutionValidator.Validate(
            scored.Problem, [.. outcome.Board.Meetings().Select(m => new BmfMeeting(m.Visitor, m.Exhibitor, m.Slot, m.Table))]);
        if (!validation.IsValid)
        {
            Console.Error.WriteLine($"INVALID schedule: {string.Join("; ", validation.Errors.Take(5))}");
            return null;
        }

        var sample = new RunSample(scoring, outcome.SelectionTime, outcome.PlacementTime, total, scoringPeak, schedulePeak, scored.Problem.ArcCount, cpu1 - cpu0, cpu2 - cpu1);
        Console.WriteLine(Inv($"  run {i + 1}: scoring {sample.Scoring.TotalSeconds:F2}s, selection {sample.Selection.TotalSeconds:F2}s ({outcome.Rounds} rounds), placement {sample.Placement.TotalSeconds:F2}s, total {sample.Total.TotalSeconds:F2}s (CPU: scoring {sample.ScoringCpu:F2}s, selection+placement {sample.ScheduleCpu:F2}s); peak RSS scoring {scoringPeak:F0} MB, selection+placement {schedulePeak:F0} MB"));
        return sample;
    }

    private static void PrintSummary(List<RunSample> runs, MatchingMetrics m, Options o)
    {
        var r = m.Requests;
        Console.WriteLine(Inv($"""
            | stage | median s | peak RSS MB (max) |
            |---|---|---|
            | scoring ({runs[0].Arcs} arcs) | {Median(runs.Select(x => x.Scoring.TotalSeconds)):F2} | {runs.Max(x => x.ScoringPeak):F0} |
            | selection (exact, all rounds) | {Median(runs.Select(x => x.Selection.TotalSeconds)):F2} | {runs.Max(x => x.SchedulePeak):F0} (with placement) |
            | placement | {Median(runs.Select(x => x.Placement.TotalSeconds)):F2} | |
            | end to end | {Median(runs.Select(x => x.Total.TotalSeconds)):F2} | {runs.Max(x => Math.Max(x.ScoringPeak, x.SchedulePeak)):F0} |
            | CPU: scoring / selection+placement | {Median(runs.Select(x => x.ScoringCpu)):F2} / {Median(runs.Select(x => x.ScheduleCpu)):F2} | |
            quality:
              stage-A optimum (upper bound) {m.UpperBound}, placed weight {m.PlacedWeight} = {100 * m.WeightRatio:F3}% of it
              selected {m.Selected}, placed {m.Placed} = {100 * m.PlacedFraction:F2}% (first round left {m.FirstRoundUnplaced} unplaced; {m.Rounds} rounds)
              requests satisfied {r.Satisfied}/{r.Total} ({Pct(r.Satisfied, r.Total)}), mutual {r.MutualSatisfied}/{r.MutualTotal} ({Pct(r.MutualSatisfied, r.MutualTotal)}), by priority low/normal/high {Pct(r.ByPriority[0], r.ByPriorityTotal[0])} / {Pct(r.ByPriority[1], r.ByPriorityTotal[1])} / {Pct(r.ByPriority[2], r.ByPriorityTotal[2])}
              meetings per visitor min {m.MinPerVisitor}, p5 {m.P5PerVisitor}, median {m.MedianPerVisitor}, mean {m.MeanPerVisitor:F2}; visitors without meetings {m.VisitorsWithoutMeetings} (fairness {o.Fairness}: value lost {m.ValueLostToFairness} = {100.0 * m.ValueLostToFairness / Math.Max(1, m.UpperBound + m.ValueLostToFairness):F4}%); exhibitor utilisation {100 * m.ExhibitorUtilisation:F1}%
              slots used {m.SlotsUsed} (max-degree lower bound {m.SlotLowerBound}); idle gaps per visitor mean {m.MeanVisitorGaps:F2} max {m.MaxVisitorGaps}, per exhibitor mean {m.MeanExhibitorGaps:F2} max {m.MaxExhibitorGaps}
            """));
    }

    private static string Pct(int a, int b) => b == 0 ? "-" : Inv($"{100.0 * a / b:F1}%");

    /// <summary>
    /// Selection and placement on a bmf problem, <c>--repeat</c> times (median), and LEMON's network simplex on the same
    /// problem in the same run where liblemon-dev is installed. Writes the last schedule to <c>--solution</c>.
    /// </summary>
    private static int Solve(Options o)
    {
        var problemPath = o.Require("problem");
        MatchingProblem problem;
        using (var reader = new StreamReader(problemPath))
        {
            problem = BmfFormat.ReadProblem(reader);
        }

        var lemon = LemonReference.Build();
        var ours = new List<(double Selection, double Placement, double Total)>();
        var theirs = new List<LemonRun>();
        for (var i = 0; i < Math.Max(1, o.Repeat); i++)
        {
            GC.Collect();
            var start = Stopwatch.GetTimestamp();
            var cpu0 = CpuSeconds();
            var outcome = MatchingEngine.Schedule(problem, [], new MatchingOptions(Fairness: o.Fairness));
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var cpuSeconds = CpuSeconds() - cpu0;
            var meetings = outcome.Board.Meetings().Select(m => new BmfMeeting(m.Visitor, m.Exhibitor, m.Slot, m.Table)).ToList();
            using (var w = new StreamWriter(o.Require("solution"), false, new UTF8Encoding(false)))
            {
                BmfFormat.WriteSolution(meetings, w);
            }

            var validation = SolutionValidator.Validate(problem, meetings);
            if (!validation.IsValid)
            {
                Console.Error.WriteLine($"INVALID solution: {string.Join("; ", validation.Errors.Take(5))}");
                return 1;
            }

            ours.Add((outcome.SelectionTime.TotalSeconds, outcome.PlacementTime.TotalSeconds, seconds));
            Console.WriteLine(Inv($$"""{"value":{{validation.Value}},"placed":{{meetings.Count}},"selected":{{outcome.Selected}},"upperBound":{{outcome.UpperBound}},"rounds":{{outcome.Rounds}},"firstRoundUnplaced":{{outcome.FirstRoundUnplaced}},"unplaced":{{outcome.UnplacedArcs.Count}},"seconds":{{seconds:F3}},"cpuSeconds":{{cpuSeconds:F3}},"selectionSeconds":{{outcome.SelectionTime.TotalSeconds:F3}},"placementSeconds":{{outcome.PlacementTime.TotalSeconds:F3}},"arcs":{{problem.ArcCount}}}"""));
            if (lemon is not null)
            {
                var run = LemonReference.Run(lemon, problemPath);
                theirs.Add(run);
                Console.WriteLine(Inv($$"""{"lemonValue":{{run.Value}},"lemonSelected":{{run.Selected}},"lemonBuildSeconds":{{run.BuildSeconds:F3}},"lemonRunSeconds":{{run.RunSeconds:F3}}}"""));
                if (o.Fairness == FairnessMode.None && run.Value != outcome.UpperBound)
                {
                    Console.Error.WriteLine(Inv($"MISMATCH: our stage-A optimum {outcome.UpperBound}, LEMON's {run.Value}"));
                    return 1;
                }
            }
        }

        Console.WriteLine(Inv($"""
            | median of {ours.Count} | selection s | placement s | solve s (both) | LEMON network simplex s (graph build + run) |
            |---|---:|---:|---:|---:|
            | {Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(problemPath)))} ({problem.ArcCount} arcs) | {Median(ours.Select(x => x.Selection)):F3} | {Median(ours.Select(x => x.Placement)):F3} | {Median(ours.Select(x => x.Total)):F3} | {(theirs.Count == 0 ? "-" : Inv($"{Median(theirs.Select(x => x.BuildSeconds + x.RunSeconds)):F3} ({Median(theirs.Select(x => x.BuildSeconds)):F3} + {Median(theirs.Select(x => x.RunSeconds)):F3})"))} |
            """));
        return 0;
    }

    private static double Median(IEnumerable<double> xs)
    {
        var a = xs.Order().ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[(a.Length / 2) - 1] + a[a.Length / 2]) / 2;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record RunSample(
        TimeSpan Scoring,
        TimeSpan Selection,
        TimeSpan Placement,
        TimeSpan Total,
        double ScoringPeak,
        double SchedulePeak,
        int Arcs,
        double ScoringCpu,
        double ScheduleCpu);

    /// <summary>CPU time of this process: wall time on a shared machine says more about the neighbours.</summary>
    private static double CpuSeconds()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime.TotalSeconds;
    }

    private sealed class Options
    {
        private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

        public string Size => values.GetValueOrDefault("size", "L");

        public bool Availability => values.ContainsKey("availability");

        public int Seed => Int("seed", 1);

        public int Repeat => Int("repeat", 3);

        public int Requests => Int("requests", 20);

        public double Skew => values.TryGetValue("skew", out var v)
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 ? x : throw new ArgumentException("--skew needs a positive number")
            : SyntheticEvent.ZipfExponent;

        public FairnessMode Fairness => values.GetValueOrDefault("fairness", "none") switch
        {
            "none" => FairnessMode.None,
            "atLeastOne" => FairnessMode.AtLeastOne,
            var f => throw new ArgumentException($"--fairness is none or atLeastOne, not '{f}'"),
        };

        public static Options Parse(IEnumerable<string> args)
        {
            var o = new Options();
            string? key = null;
            foreach (var a in args)
            {
                if (a.StartsWith("--", StringComparison.Ordinal))
                {
                    key = a[2..];
                    o.values[key] = "";
                }
                else if (key is not null)
                {
                    o.values[key] = a;
                    key = null;
                }
                else
                {
                    throw new ArgumentException($"unexpected argument '{a}'");
                }
            }

            return o;
        }

        public string Require(string key) =>
            values.TryGetValue(key, out var v) && v.Length > 0 ? v : throw new ArgumentException($"--{key} is required");

        private int Int(string key, int fallback) =>
            !values.TryGetValue(key, out var v) ? fallback
            : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var x) ? x
            : throw new ArgumentException($"--{key} needs a non-negative integer");
    }
}
