using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.LocalHost.Azurite;

namespace ExpoMatch.Benchmarks.Storage;

/// <summary>
/// `storage [--stub] [--no-diagnostics] [--rounds N] [--run-ms N] [--max-ops N] [--warmup-ms N] [--callers 1,8,32]`: entity inserts/s, point
/// reads/s and queue send+receive+delete cycles/s at each caller count against a private in-memory Azurite, through
/// the Azure SDK clients (Azure.Data.Tables, Azure.Storage.Queues) and through a bare signed HttpClient
/// (<see cref="BareHttpWorkload"/>). The two alternate run by run (SDK first in even rounds, bare first in odd ones) so
/// machine noise hits both alike; the table shows medians over the rounds and the SDK's time and CPU as a ratio to bare. `--stub` swaps Azurite for an in-process
/// <see cref="StubStorageHandler"/> so only client-side cost is measured.
/// </summary>
public static class StorageBenchmark
{
    private sealed record Cell(string Operation, int Callers, List<ThroughputSample> Sdk, List<ThroughputSample> Bare);

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 5);
        var runBudget = TimeSpan.FromMilliseconds(Option(args, "--run-ms", 700));
        var maxOps = Option(args, "--max-ops", 5000);
        var warmup = TimeSpan.FromMilliseconds(Option(args, "--warmup-ms", 250));
        var callerCounts = CallerCounts(args);
        var maxCallers = callerCounts.Max();
        var cancellationToken = CancellationToken.None;

        var stub = args.Contains("--stub");
        await using var azurite = stub ? null : await LocalAzurite.StartAsync(new LocalAzuriteOptions(), cancellationToken);
        var azuritePid = azurite?.ProcessId ?? 0;
        var tableEndpoint = azurite?.TableEndpoint ?? new Uri("http://stub/" + LocalAzurite.AccountName);
        var queueEndpoint = azurite?.QueueEndpoint ?? new Uri("http://stub/" + LocalAzurite.AccountName);
        using var stubHandler = stub ? new StubStorageHandler() : null;
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        foreach (var options in new ClientOptions[] { tableOptions, queueOptions })
        {
            if (args.Contains("--no-diagnostics"))
            {
                // Attribution only: how much of the SDK's cost is Azure.Core's request logging and tracing scopes.
                options.Diagnostics.IsLoggingEnabled = false;
                options.Diagnostics.IsDistributedTracingEnabled = false;
            }

            if (stubHandler is not null)
            {
                options.Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(stubHandler, disposeHandler: false));
            }
        }

        var connectionString =
            $"DefaultEndpointsProtocol=http;AccountName={LocalAzurite.AccountName};AccountKey={LocalAzurite.DevelopmentAccountKey};" +
            $"TableEndpoint={tableEndpoint};QueueEndpoint={queueEndpoint}";
        var tables = new TableServiceClient(connectionString, tableOptions);
        var queues = new QueueServiceClient(connectionString, queueOptions);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var table = tables.GetTableClient("bench" + suffix);
        var queuePrefix = "bench-" + suffix;
        if (!stub)
        {
            await SeedAsync(table, queues, queuePrefix, maxCallers, cancellationToken);
        }

        var sdk = new SdkClientsWorkload(table, queues, queuePrefix, maxCallers);
        using var bare = new BareHttpWorkload(
            LocalAzurite.AccountName, LocalAzurite.DevelopmentAccountKey, tableEndpoint, table.Name, queueEndpoint, queuePrefix, maxCallers,
            stubHandler);

        var operations = new (string Name, Func<StorageWorkload, string, Func<int, long, Task>> Build)[]
        {
            ("entity insert", (w, run) => (_, n) => w.InsertAsync(run + n.ToString("D8", CultureInfo.InvariantCulture), (int)n, cancellationToken)),
            ("point read", (w, _) => (_, n) => w.ReadAsync(BenchData.ReadRowKey(n), cancellationToken)),
            ("queue send+receive+delete", (w, _) => (caller, n) => w.QueueCycleAsync(caller, BenchData.MessageText(n), cancellationToken)),
        };

        Console.WriteLine($"storage: {(stub ? "in-process stub service (client cost only)" : "in-memory Azurite")}, callers {string.Join('/', callerCounts)}, {rounds} rounds of {runBudget.TotalMilliseconds:0} ms " +
            $"(or {maxOps} ops) per client and cell, {warmup.TotalMilliseconds:0} ms warm-up; {Environment.ProcessorCount} cores");
        var cells = new List<Cell>();
        var runNumber = 0;
        foreach (var callers in callerCounts)
        {
            foreach (var (name, build) in operations)
            {
                string NextRun(StorageWorkload w) => w.Name + (runNumber++).ToString("D4", CultureInfo.InvariantCulture) + "-";

                // Warm-up: JIT, connection pools (one connection per caller), Azurite's own caches.
                foreach (var workload in new StorageWorkload[] { sdk, bare })
                {
                    await ThroughputMeter.RunAsync(callers, warmup, maxOps, azuritePid, build(workload, NextRun(workload)));
                }

                var cell = new Cell(name, callers, [], []);
                for (var round = 0; round < rounds; round++)
                {
                    var order = round % 2 == 0 ? new StorageWorkload[] { sdk, bare } : [bare, sdk];
                    foreach (var workload in order)
                    {
                        var sample = await ThroughputMeter.RunAsync(callers, runBudget, maxOps, azuritePid, build(workload, NextRun(workload)));
                        (workload == sdk ? cell.Sdk : cell.Bare).Add(sample);
                    }
                }

                cells.Add(cell);
                Console.Error.WriteLine($"  {name} x{callers}: sdk {Median(cell.Sdk, s => s.OpsPerSecond):0}/s, bare {Median(cell.Bare, s => s.OpsPerSecond):0}/s");
            }
        }

        if (!stub)
        {
            await table.DeleteAsync(cancellationToken);
        }

        PrintTable(cells);
        return 0;
    }

    private static async Task SeedAsync(TableClient table, QueueServiceClient queues, string queuePrefix, int maxCallers, CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        for (var start = 0; start < BenchData.SeededEntities; start += 100)
        {
            var count = Math.Min(100, BenchData.SeededEntities - start);
            await table.SubmitTransactionAsync(
                Enumerable.Range(start, count).Select(i =>
                    new TableTransactionAction(TableTransactionActionType.Add, BenchData.Entity(BenchData.ReadPartition, BenchData.ReadRowKey(i), i))),
                cancellationToken);
        }

        for (var caller = 0; caller < maxCallers; caller++)
        {
            await queues.GetQueueClient(BenchData.QueueName(queuePrefix, caller)).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    private static void PrintTable(List<Cell> cells)
    {
        Console.WriteLine();
        Console.WriteLine("Medians over the rounds. Ratio = the SDK's wall time or CPU per operation divided by bare's (1.00 = same cost);");
        Console.WriteLine("CPU and allocations are this process only (client side); Azurite = cores its node process used meanwhile.");
        Console.WriteLine();
        Console.WriteLine("| operation | callers | SDK ops/s | bare ops/s | wall time ratio | SDK CPU µs/op | bare CPU µs/op | CPU ratio | SDK B/op | bare B/op | Azurite cores |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in cells)
        {
            var sdkOps = Median(cell.Sdk, s => s.OpsPerSecond);
            var bareOps = Median(cell.Bare, s => s.OpsPerSecond);
            var sdkCpu = Median(cell.Sdk, s => s.CpuMicrosPerOp);
            var bareCpu = Median(cell.Bare, s => s.CpuMicrosPerOp);
            var azuriteCores = Median([.. cell.Sdk, .. cell.Bare], s => s.AzuriteCores);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cell.Operation} | {cell.Callers} | {sdkOps:0} | {bareOps:0} | {bareOps / sdkOps:0.00} | " +
                $"{sdkCpu:0} | {bareCpu:0} | {sdkCpu / bareCpu:0.00} | " +
                $"{Median(cell.Sdk, s => s.BytesPerOp):0} | {Median(cell.Bare, s => s.BytesPerOp):0} | {azuriteCores:0.00} |"));
        }
    }

    private static double Median(List<ThroughputSample> samples, Func<ThroughputSample, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int[] CallerCounts(string[] args)
    {
        var index = Array.IndexOf(args, "--callers");
        if (index < 0 || index + 1 >= args.Length)
        {
            return [1, 8, 32];
        }

        var counts = args[index + 1].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 256 ? n : 0)
            .ToArray();
        return counts.Length > 0 && counts.All(n => n > 0)
            ? counts
            : throw new ArgumentException("--callers takes a comma-separated list of counts between 1 and 256, e.g. 1,8,32.");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}

