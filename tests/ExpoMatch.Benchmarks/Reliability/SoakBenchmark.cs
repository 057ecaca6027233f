using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using ExpoMatch.LocalHost.Azurite;

namespace ExpoMatch.Benchmarks.Reliability;

/// <summary>
/// `soak`: the app (local host + isolated worker, matcher and pending-work timers on) over a private Azurite that is
/// frozen with SIGSTOP for a few seconds every so often, while phone-like clients register visitors, request meetings
/// and accept them. A client gives up after 10 s and retries later (every 5xx and every timeout means "retry later").
/// After the run, storage stays up until every accepted request is booked or marked unplaced (or the wait runs out),
/// then it prints what was made and what was lost, which must be 0. Not a test: a measurement to run by hand.
/// </summary>
public static class SoakBenchmark
{
    private const string OrganiserKey = "soak-benchmark-organiser-key-0123456789";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = double.Parse(Option(args, "--minutes") ?? "3", CultureInfo.InvariantCulture);
        var clients = int.Parse(Option(args, "--clients") ?? "8", CultureInfo.InvariantCulture);
        var pauseEvery = TimeSpan.FromSeconds(double.Parse(Option(args, "--pause-every") ?? "30", CultureInfo.InvariantCulture));
        var pauseFor = TimeSpan.FromSeconds(double.Parse(Option(args, "--pause-for") ?? "12", CultureInfo.InvariantCulture));
        var recoveryLimit = TimeSpan.FromSeconds(double.Parse(Option(args, "--recovery-seconds") ?? "180", CultureInfo.InvariantCulture));
        var app = Path.GetFullPath(Option(args, "--app") ?? Startup.LocalHostLauncher.DefaultAppDirectory);
        if (!File.Exists(Path.Combine(app, "worker.config.json")))
        {
            Console.Error.WriteLine($"soak: {app} holds no worker.config.json (build the app first).");
            return 2;
        }

        await using var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
        var port = FreeLoopbackPort();
        var settings = Startup.LocalHostLauncher.Settings(azurite.ConnectionString, OrganiserKey);
        settings["AzureWebJobs.MatchRequestedMeetings.Disabled"] = "false";
        settings["AzureWebJobs.DeliverPendingWork.Disabled"] = "false";
        settings["AzureWebJobs.ReconcileMeetingRequests.Disabled"] = "false";
        settings["ExpoMatch__Schedules__DeliverPendingWork"] = "*/2 * * * * *";
        settings["ExpoMatch__PendingWork__DeliverAfter"] = "00:00:02";
        settings["ExpoMatch__Schedules__ReconcileMeetingRequests"] = "*/30 * * * * *";
        settings["ExpoMatch__PendingWork__ReconcileAfter"] = "00:01:00";
        var repairs = 0;
        void OnLine(string line)
        {
            if (line.Contains("Reconciliation repaired", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref repairs);
            }
        }

        using var host = Startup.LocalHostLauncher.Start(app, port, settings, OnLine, OnLine);
        var stats = new Stats();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(10), // a phone on expo Wi-Fi gives up
            };
            await WaitForHealthAsync(http, host);
            var eventId = (await CallAsync(http, stats, HttpMethod.Post, "/api/events", EventBody(), OrganiserKey)).GetProperty("id").GetString()!;
            var exhibitors = new List<(string Id, string Token)>();
            for (var i = 0; i < 20; i++)
            {
                var body = new { company = $"Booth {i}", boothCode = $"B{i:00}", contactName = "Nguyễn Thị Lan", email = $"booth{i}.{Guid.NewGuid():N}@example.com", tags = new[] { "IoT" }, language = "vi" };
                var e = await CallAsync(http, stats, HttpMethod.Post, $"/api/events/{eventId}/exhibitors", body, OrganiserKey, Guid.NewGuid().ToString("N"));
                exhibitors.Add((e.GetProperty("id").GetString()!, e.GetProperty("accessToken").GetString()!));
            }

            Console.WriteLine($"soak: {minutes:0.#} min, {clients} clients, storage frozen {pauseFor.TotalSeconds:0} s every {pauseEvery.TotalSeconds:0} s, client timeout 10 s, {Environment.ProcessorCount} cores");
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
            var outages = FreezeStorageAsync(azurite.EmulatorProcessId, pauseEvery, pauseFor, stats, stop.Token);
            var workload = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var random = new Random(c);
                while (!stop.IsCancellationRequested)
                {
                    await VisitorAsync(http, stats, eventId, exhibitors, random);
                }
            })).ToList();
            await Task.WhenAll(workload);
            await outages;
            ProcessPause.Resume(azurite.EmulatorProcessId);
            var workloadSeconds = clock.Elapsed.TotalSeconds;

            var recovery = Stopwatch.StartNew();
            Outcome outcome;
            do
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                outcome = await ReadOutcomeAsync(azurite.ConnectionString, eventId);
            }
            while (outcome.Lost > 0 && recovery.Elapsed < recoveryLimit);

            Console.WriteLine($"| workload | {workloadSeconds:0} s, {stats.Outages} outages ({stats.PausedSeconds:0} s frozen) |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| visitors registered | {stats.Visitors} |");
            Console.WriteLine($"| requests made | {outcome.Requests} |");
            Console.WriteLine($"| accepted | {outcome.Accepted} |");
            Console.WriteLine($"| booked | {outcome.Booked} |");
            Console.WriteLine($"| unplaced | {outcome.Unplaced} |");
            Console.WriteLine($"| lost (accepted, neither booked nor unplaced) | {outcome.Lost} |");
            Console.WriteLine($"| pending-work rows left | {outcome.PendingRows} |");
            Console.WriteLine($"| settled {recovery.Elapsed.TotalSeconds:0} s after the last outage; reconciliation repair lines | {repairs} |");
            Console.WriteLine($"| HTTP calls | {stats.Calls} |");
            Console.WriteLine($"| client timeouts (gave up, retried later) | {stats.Timeouts} |");
            Console.WriteLine($"| 409 with Retry-After (own earlier try still claimed; retried as asked) | {stats.RetryLater} |");
            foreach (var (status, count) in stats.ServerErrors.OrderBy(e => e.Key))
            {
                Console.WriteLine($"| {status} answers | {count} |");
            }

            if (stats.ServerErrors.IsEmpty)
            {
                Console.WriteLine("| 5xx answers | 0 |");
            }

            return outcome.Lost == 0 ? 0 : 1;
        }
        finally
        {
            ProcessPause.Resume(azurite.EmulatorProcessId);
            await Startup.LocalHostLauncher.StopAsync(host);
        }
    }

    /// <summary>One visitor: registers, requests three booths, and each booth accepts. Every step retries until it lands.</summary>
    private static async Task VisitorAsync(HttpClient http, Stats stats, string eventId, List<(string Id, string Token)> exhibitors, Random random)
    {
        var body = new { name = "Somchai Srisuk", company = "บริษัท สมาร์ทซิตี้ จำกัด", email = $"v.{Guid.NewGuid():N}@example.com", tags = new[] { "IoT" }, language = "th" };
        var visitor = await CallAsync(http, stats, HttpMethod.Post, $"/api/events/{eventId}/visitors", body, null, Guid.NewGuid().ToString("N"));
        Interlocked.Increment(ref stats.Visitors);
        var token = visitor.GetProperty("accessToken").GetString()!;
        foreach (var exhibitor in exhibitors.OrderBy(_ => random.Next()).Take(3))
        {
            var request = await CallAsync(http, stats, HttpMethod.Post, $"/api/events/{eventId}/meeting-requests", new { exhibitorId = exhibitor.Id, priority = 2 }, token);
            var id = request.GetProperty("id").GetString()!;
            await CallAsync(http, stats, HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{id}/accept", null, exhibitor.Token);
        }
    }

    /// <summary>
    /// Calls until a 2xx: a timeout or a 5xx is counted and retried 2 s later, a 4xx with Retry-After after the time it
    /// asks for; any other answer is a bug.
    /// </summary>
    private static async Task<JsonElement> CallAsync(HttpClient http, Stats stats, HttpMethod method, string url, object? body, string? token, string? idempotencyKey = null)
    {
        while (true)
        {
            Interlocked.Increment(ref stats.Calls);
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: Json);
            }

            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            try
            {
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
                }

                if ((int)response.StatusCode < 500 && response.Headers.RetryAfter is null)
                {
                    throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {text}");
                }

                if ((int)response.StatusCode < 500)
                {
                    // 409 + Retry-After: our own earlier try of this Idempotency-Key is still claimed (it landed
                    // while the client had given up); the API asks us to come back, as a phone would.
                    Interlocked.Increment(ref stats.RetryLater);
                    await Task.Delay(response.Headers.RetryAfter!.Delta ?? TimeSpan.FromSeconds(2));
                    continue;
                }

                stats.ServerErrors.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref stats.Timeouts);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref stats.Timeouts);
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    private static async Task FreezeStorageAsync(int emulator, TimeSpan every, TimeSpan duration, Stats stats, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(every, stop);
                ProcessPause.Pause(emulator);
                stats.Outages++;
                try
                {
                    await Task.Delay(duration, CancellationToken.None);
                }
                finally
                {
                    ProcessPause.Resume(emulator);
                    stats.PausedSeconds += duration.TotalSeconds;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Outcome(int Requests, int Accepted, int Booked, int Unplaced, int Lost, int PendingRows);

    /// <summary>Straight from storage: the event's requests, live meetings and any pending-work rows.</summary>
    private static async Task<Outcome> ReadOutcomeAsync(string connectionString, string eventId)
    {
        var tables = new TableServiceClient(connectionString);
        var requests = new List<MeetingRequest>();
        await foreach (var e in tables.GetTableClient(RegistrationTables.Requests).QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, RequestRow.Prefix)))
        {
            requests.Add(RequestRow.FromEntity(e));
        }

        var live = new HashSet<(string, string)>();
        await foreach (var e in tables.GetTableClient(MeetingRow.TableName).QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, MeetingRow.RowKeyPrefix)))
        {
            var meeting = MeetingRecord.FromEntity(e);
            if (meeting.IsLive)
            {
                live.Add((meeting.VisitorId, meeting.ExhibitorId));
            }
        }

        var pending = 0;
        foreach (var name in PendingWork.Tables)
        {
            var table = tables.GetTableClient(name);
            await table.CreateIfNotExistsAsync();
            await foreach (var _ in table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, PendingWork.RowPrefix)))
            {
                pending++;
            }
        }

        var accepted = requests.Where(r => r.Status == MeetingRequestStatus.Accepted).ToList();
        var booked = accepted.Count(r => live.Contains((r.VisitorId, r.ExhibitorId)));
        var unplaced = accepted.Count(r => !live.Contains((r.VisitorId, r.ExhibitorId)) && r.Placement == MeetingRequestPlacement.Unplaced);
        return new Outcome(requests.Count, accepted.Count, booked, unplaced, accepted.Count - booked - unplaced, pending);
    }

    private sealed class Stats
    {
        public int Calls;
        public int Visitors;
        public int Timeouts;
        public int RetryLater;
        public int Outages;
        public double PausedSeconds;
        public ConcurrentDictionary<int, int> ServerErrors { get; } = new();
    }

    private static object EventBody() => new
    {
        name = "Smart City Asia soak",
        venue = "SECC, Hồ Chí Minh",
        timeZone = "Asia/Ho_Chi_Minh",
        days = new[] { "2099-05-26", "2099-05-27", "2099-05-28" }.Select(date => new { date, start = "09:00", end = "17:00" }).ToArray(),
        slotMinutes = 20,
        breaks = Array.Empty<object>(),
        tablesPerBooth = 4,
        maxMeetingsPerVisitor = 6,
        maxMeetingsPerExhibitor = 200,
        autoMatch = false,
        registrationClosesAt = "2099-01-01T00:00:00+07:00",
    };

    private static async Task WaitForHealthAsync(HttpClient http, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
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
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the app did not answer /api/health within 90 s");
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
