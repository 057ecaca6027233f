using System.Diagnostics;
using System.Globalization;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Storage;

namespace ExpoMatch.Benchmarks.Storage;

/// <summary>
/// `storage [--runs N] [--entities N]`: throughput of our table and queue clients against an in-memory Azurite on
/// free ports (single inserts, 100-entity transactions, point reads, a paged partition scan, queue send/receive/delete).
/// Azurite is far slower than Azure per request; the numbers compare our client's overheads, not the service.
/// </summary>
public static class StorageBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 3);
        var entities = Option(args, "--entities", 2000);
        await using var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
        var connection = StorageConnection.Parse(azurite.ConnectionString);
        var tables = connection.CreateTableServiceClient();
        var queues = connection.CreateQueueServiceClient();
        var results = new Dictionary<string, List<double>>();

        for (var run = 0; run < runs; run++)
        {
            var table = tables.GetTableClient("bench" + run.ToString(CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8]);
            await table.CreateIfNotExistsAsync();
            var single = Math.Min(entities, 500);

            await Measure(results, "table insert (1 per request)", single, async () =>
            {
                for (var i = 0; i < single; i++)
                {
                    await table.AddEntityAsync(Entity("single", i));
                }
            });
            await Measure(results, "table insert (100 per transaction)", entities, async () =>
            {
                for (var start = 0; start < entities; start += 100)
                {
                    var count = Math.Min(100, entities - start);
                    await table.SubmitTransactionAsync(Enumerable.Range(start, count)
                        .Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity("batched", i))));
                }
            });
            await Measure(results, "table point read", single, async () =>
            {
                for (var i = 0; i < single; i++)
                {
                    _ = await table.GetEntityIfExistsAsync("single", i.ToString("D8", CultureInfo.InvariantCulture));
                }
            });
            await Measure(results, "table partition scan (paged)", entities, async () =>
            {
                var seen = 0;
                await foreach (var _ in table.QueryAsync(TableFilter.PartitionKeyEquals("batched")))
                {
                    seen++;
                }

                if (seen != entities)
                {
                    throw new InvalidOperationException($"Scan saw {seen} of {entities} entities.");
                }
            });
            await table.DeleteAsync();

            var queue = queues.GetQueueClient("bench-" + Guid.NewGuid().ToString("N")[..12]);
            await queue.CreateIfNotExistsAsync();
            await Measure(results, "queue send", single, async () =>
            {
                for (var i = 0; i < single; i++)
                {
                    await queue.SendMessageAsync("{\"eventId\":\"smart-city-asia\",\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}");
                }
            });
            await Measure(results, "queue receive(32)+delete", single, async () =>
            {
                var handled = 0;
                while (handled < single)
                {
                    foreach (var message in await queue.ReceiveMessagesAsync(32))
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                        handled++;
                    }
                }
            });
            await queue.DeleteIfExistsAsync();
        }

        Console.WriteLine($"storage: Azurite in memory, {runs} runs, median per operation");
        Console.WriteLine($"{"operation",-38} {"items",7} {"ms",9} {"items/s",9}");
        foreach (var (name, samples) in results)
        {
            var itemsPerRun = samples[0];
            var median = samples.Skip(1).Order().ElementAt((samples.Count - 1) / 2);
            Console.WriteLine($"{name,-38} {itemsPerRun,7:0} {median,9:0} {itemsPerRun / (median / 1000),9:0}");
        }

        return 0;
    }

    private static TableEntity Entity(string partition, int i) => new(partition, i.ToString("D8", CultureInfo.InvariantCulture))
    {
        ["Name"] = "Đô thị thông minh",
        ["Company"] = "智慧城市",
        ["Count"] = i,
        ["When"] = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
    };

    // samples[0] holds the item count; the rest are elapsed milliseconds per run.
    private static async Task Measure(Dictionary<string, List<double>> results, string name, int items, Func<Task> body)
    {
        var stopwatch = Stopwatch.StartNew();
        await body();
        stopwatch.Stop();
        if (!results.TryGetValue(name, out var samples))
        {
            results[name] = samples = [items];
        }

        samples.Add(stopwatch.Elapsed.TotalMilliseconds);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
