using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ExpoMatch.LocalHost.Azurite;
using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Benchmarks.Registration;

/// <summary>
/// `registration [--seconds N] [--runs R] [--app FOLDER]`: visitor registrations through real HTTP (the local Functions
/// host on a loopback port forwarding to the isolated worker, over a private in-memory Azurite), at 1, 8 and 32 concurrent clients, with and without
/// an Idempotency-Key; beside them the raw single-entity insert rate of Azure.Data.Tables' TableClient against the same Azurite.
/// Each cell runs N seconds (default 3) after a one-second warm-up; the whole grid runs R times (default 3), operations
/// interleaved, and each figure is the median over the runs (a shared machine makes single runs noisy). Prints
/// registrations/s, p50/p99 latency, the ratio to the raw insert rate, and the storage writes a registration costs
/// (counted from the rows it left).
/// </summary>
internal static class RegistrationBenchmark
{
    private const string OrganiserKey = "registration-benchmark-organiser-key-0123456789";
    private static readonly int[] Concurrency = [1, 8, 32];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = double.Parse(Option(args, "--seconds") ?? "3", CultureInfo.InvariantCulture);
        var runs = int.Parse(Option(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var app = Path.GetFullPath(Option(args, "--app") ?? Startup.LocalHostLauncher.DefaultAppDirectory);
        if (!File.Exists(Path.Combine(app, "worker.config.json")))
        {
            Console.Error.WriteLine($"registration: {app} holds no worker.config.json (build the app first).");
            return 2;
        }

        await using var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
        var connection = azurite.ConnectionString;
        var port = FreeLoopbackPort();
        using var process = Startup.LocalHostLauncher.Start(app, port, Startup.LocalHostLauncher.Settings(azurite.ConnectionString, OrganiserKey),
            line => Console.Error.WriteLine("host: " + line));
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(30),
            };
            await WaitForHealthAsync(http, process);
            var eventId = await CreateEventAsync(http);
            var duration = TimeSpan.FromSeconds(seconds);

            var operations = new (string Name, Func<Task<bool>> Run)[]
            {
                ("raw TableClient.AddEntityAsync", RawInsert(connection)),
                ("raw 2-entity transaction (what a registration writes)", RawTransaction(connection)),
                ("POST /visitors", Register(http, eventId, idempotent: false)),
                ("POST /visitors + Idempotency-Key", Register(http, eventId, idempotent: true)),
            };
            var cells = new Dictionary<(int Clients, string Operation), List<Cell>>();
            for (var run = 0; run < runs; run++)
            {
                foreach (var clients in Concurrency)
                {
                    foreach (var (name, operation) in operations)
                    {
                        var cell = await MeasureAsync(clients, duration, operation);
                        (cells.TryGetValue((clients, name), out var list) ? list : cells[(clients, name)] = []).Add(cell);
                    }
                }
            }

            var rows = new List<string>();
            foreach (var clients in Concurrency)
            {
                var raw = Median(cells[(clients, operations[0].Name)]);
                rows.AddRange(operations.Select(o => Row(clients, o.Name, Median(cells[(clients, o.Name)]), raw)));
            }

            Console.WriteLine($"registration: local Functions host on 127.0.0.1:{port} + isolated worker (Production), private Azurite, median of {runs} runs of {seconds:0.#} s per cell, {Environment.ProcessorCount} cores");
            Console.WriteLine("| clients | operation | ops/s | p50 ms | p99 ms | ratio to raw insert | errors |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
            await PrintWritesPerRegistrationAsync(connection, eventId);
            return 0;
        }
        finally
        {
            await Startup.LocalHostLauncher.StopAsync(process);
        }
    }

    private sealed record Cell(double PerSecond, double P50, double P99, int Errors);

    private static Cell Median(List<Cell> cells)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        return new Cell(Mid(cells.Select(c => c.PerSecond)), Mid(cells.Select(c => c.P50)), Mid(cells.Select(c => c.P99)), cells.Sum(c => c.Errors));
    }

    private static string Row(int clients, string operation, Cell cell, Cell raw) => string.Create(CultureInfo.InvariantCulture,
        $"| {clients} | {operation} | {cell.PerSecond:F0} | {cell.P50:F1} | {cell.P99:F1} | {cell.PerSecond / raw.PerSecond:F2} | {cell.Errors} |");

    /// <summary>Runs <paramref name="clients"/> loops of the operation for a warm-up second, then for the duration.</summary>
    private static async Task<Cell> MeasureAsync(int clients, TimeSpan duration, Func<Task<bool>> operation)
    {
        await RunLoopsAsync(clients, TimeSpan.FromSeconds(1), operation, null);
        var latencies = new List<double>[clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        errors = await RunLoopsAsync(clients, duration, operation, latencies);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Cell(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static async Task<int> RunLoopsAsync(int clients, TimeSpan duration, Func<Task<bool>> operation, List<double>[]? latencies)
    {
        var errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                if (await operation())
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }

            if (latencies is not null)
            {
                latencies[i] = mine;
            }
        })));
        return errors;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>One entity shaped like a participant row, inserted into its own table: the storage floor.</summary>
    private static Func<Task<bool>> RawInsert(string connection)
    {
        var table = new TableServiceClient(connection).GetTableClient("RawInserts");
        table.CreateIfNotExistsAsync().GetAwaiter().GetResult();
        return async () =>
        {
            await table.AddEntityAsync(RawEntity("visitor~" + Ids.New()));
            return true;
        };
    }

    /// <summary>The registration's own storage work without HTTP: profile and guard in one entity group transaction.</summary>
    private static Func<Task<bool>> RawTransaction(string connection)
    {
        var table = new TableServiceClient(connection).GetTableClient("RawTransactions");
        table.CreateIfNotExistsAsync().GetAwaiter().GetResult();
        return async () =>
        {
            var id = Ids.New();
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, RawEntity("visitor~" + id)),
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bench", "email~" + id) { ["ParticipantId"] = id }),
            ]);
            return true;
        };
    }

    private static TableEntity RawEntity(string rowKey) => new("bench", rowKey)
    {
        ["Kind"] = "visitor", ["Status"] = "active", ["Name"] = "Somchai Srisuk", ["Company"] = "บริษัท สมาร์ทซิตี้ จำกัด",
        ["Email"] = $"{rowKey}@example.com", ["Tags"] = "[\"Đô thị thông minh\",\"IoT\"]", ["NormalisedTags"] = "[\"đô thị thông minh\",\"iot\"]",
        ["Language"] = "th", ["TokenHash"] = new string('a', 64), ["EmailHash"] = new string('b', 64),
        ["RegisteredAt"] = TimeProvider.System.GetUtcNow(),
    };

    private static Func<Task<bool>> Register(HttpClient http, string eventId, bool idempotent) => async () =>
    {
        var body = JsonSerializer.Serialize(new
        {
            name = "Somchai Srisuk",
            company = "บริษัท สมาร์ทซิตี้ จำกัด",
            email = $"{Guid.NewGuid():N}@example.com",
            tags = new[] { "Đô thị thông minh", "IoT" },
            language = "th",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/events/{eventId}/visitors", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotent)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Created;
    };

    /// <summary>Counts what the registrations left in storage: entities per registration, by table.</summary>
    private static async Task PrintWritesPerRegistrationAsync(string connection, string eventId)
    {
        var tables = new TableServiceClient(connection);
        var participants = 0;
        var guards = 0;
        await foreach (var entity in tables.GetTableClient(RegistrationTables.Participants)
                           .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}"), select: ["RowKey"]))
        {
            if (ParticipantRow.IsGuard(entity.RowKey))
            {
                guards++;
            }
            else
            {
                participants++;
            }
        }

        var keys = 0;
        await foreach (var _ in tables.GetTableClient(RegistrationTables.Idempotency).QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            keys++;
        }

        Console.WriteLine(
            $"storage: {participants} visitors, {guards} email guards, {keys} idempotency rows. A registration is one entity group " +
            "transaction of 2 inserts (profile + email guard); with an Idempotency-Key add 2 single-entity writes " +
            "(claim insert, answer replace): 1 storage request / 2 entity writes without a key, 3 requests / 4 writes with one. " +
            "The event is read once per process (cached).");
    }

    private static async Task WaitForHealthAsync(HttpClient http, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the app did not answer /api/health within 60 s");
    }

    private static async Task<string> CreateEventAsync(HttpClient http)
    {
        const string body = """
            {"name":"Smart City Asia 2022","venue":"SECC","timeZone":"Asia/Ho_Chi_Minh","slotMinutes":30,
             "days":[{"date":"2099-05-26","start":"09:00","end":"17:00"}],"breaks":[{"start":"12:00","end":"13:00"}],
             "registrationClosesAt":"2099-01-01T00:00:00+07:00"}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/events", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OrganiserKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"creating the event failed: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
