// ExpoMatch benchmarks: one program, one subcommand per area. Each prints a table of medians over several runs.
// Usage: dotnet run -c Release --project tests/ExpoMatch.Benchmarks -- <command> [options]
return args.FirstOrDefault() switch
{
    "matching" => ExpoMatch.Benchmarks.Matching.MatchingBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ExpoMatch.Benchmarks <command> [options]");
    Console.Error.WriteLine("commands: (none yet)");
    return 2;
}
