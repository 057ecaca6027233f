// ExpoMatch benchmarks: one program, one subcommand per area. Each prints a table of medians over several runs.
// Usage: dotnet run -c Release --project tests/ExpoMatch.Benchmarks -- <command> [options]
return args.FirstOrDefault() switch
{
    "startup" => await ExpoMatch.Benchmarks.Startup.StartupBenchmark.RunAsync(args[1..]),
    "email" => ExpoMatch.Benchmarks.Email.EmailBenchmark.Run(args[1..]),
    "storage" => await ExpoMatch.Benchmarks.Storage.StorageBenchmark.RunAsync(args[1..]),
    "registration" => await ExpoMatch.Benchmarks.Registration.RegistrationBenchmark.RunAsync(args[1..]),
    "matching" => ExpoMatch.Benchmarks.Matching.MatchingBenchmark.Run(args[1..]),
    "soak" => await ExpoMatch.Benchmarks.Reliability.SoakBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ExpoMatch.Benchmarks <command> [options]");
    Console.Error.WriteLine("commands:");
    Console.Error.WriteLine("  startup [--runs N] [--app FOLDER]");
    Console.Error.WriteLine("  storage [--stub] [--no-diagnostics] [--rounds N] [--run-ms N] [--max-ops N] [--warmup-ms N] [--callers 1,8,32]");
    Console.Error.WriteLine("  email [--emails N] [--runs N] [--concurrency N] [--render-only]");
    Console.Error.WriteLine("  registration [--seconds N] [--runs R] [--app FOLDER]");
    Console.Error.WriteLine("  matching generate|run|solve ... (see README: Matching benchmark)");
    Console.Error.WriteLine("  soak [--minutes N] [--clients N] [--pause-every S] [--pause-for S] [--recovery-seconds S] [--app FOLDER]");
    return 2;
}
