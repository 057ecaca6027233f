using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ExpoMatch.Functions.Matching;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Matching;

/// <summary>
/// Organiser runs end to end on Azurite: the API queues the run, the test delivers the queue message to
/// RunEventMatching as the host would, and checks the run row, the lock and the Meetings table.
/// </summary>
public sealed class MatchingRunTests(MatchingApp app) : IClassFixture<MatchingApp>
{
    private const string Organiser = RegistrationApp.OrganiserKey;
    private readonly HttpClient _client = app.CreateClient();

    private sealed record Expo(string EventId, List<Registered> Visitors, List<Registered> Exhibitors);

    private static object EventBody(int maxPerVisitor) => new
    {
        name = "Smart City Asia 2022",
        venue = "SECC, Hồ Chí Minh",
        timeZone = "Asia/Ho_Chi_Minh",
        days = new[] { new { date = "2099-05-26", start = "09:00", end = "17:00" } },
        slotMinutes = 30,
        breaks = new[] { new { start = "12:00", end = "13:00" } },
        tablesPerBooth = 2,
        maxMeetingsPerVisitor = maxPerVisitor,
        maxMeetingsPerExhibitor = 20,
        autoMatch = false,
        registrationClosesAt = "2099-01-01T00:00:00+07:00",
    };

    /// <summary>
    /// 14 slots (09:00-12:00 = 0..5, 13:00-17:00 = 6..13). Four exhibitors and five visitors who all share tags, so
    /// every visitor wants every exhibitor and the visitor cap binds. Visitor 0 is available in the afternoon only.
    /// </summary>
    private async Task<Expo> SeedAsync(int maxPerVisitor = 2)
    {
        var created = await _client.SendAsync(HttpMethod.Post, "/api/events", EventBody(maxPerVisitor), Organiser);
        var eventId = (await created.ExpectAsync(201))["id"]!.GetValue<string>();
        var exhibitors = new List<Registered>();
        for (var i = 0; i < 4; i++)
        {
            exhibitors.Add(await Scenario.RegisterExhibitorAsync(_client, eventId,
                Scenario.ExhibitorBody(Scenario.Email("x"), $"Exhibitor {i}", "IoT", "Đô thị thông minh", $"tag{i}")));
        }

        var visitors = new List<Registered>();
        for (var i = 0; i < 5; i++)
        {
            var body = i == 0
                ? (object)new
                {
                    name = "Afternoon",
                    company = "Co",
                    email = Scenario.Email("v"),
                    tags = new[] { "iot", "tag0", "tag1" },
                    availability = new[] { new { start = "2099-05-26T13:00:00+07:00", end = "2099-05-26T17:00:00+07:00" } },
                }
                : Scenario.VisitorBody(Scenario.Email("v"), $"Visitor {i}", "IOT", "đô thị thông minh", $"tag{i % 4}");
            visitors.Add(await Scenario.RegisterVisitorAsync(_client, eventId, body));
        }

        return new Expo(eventId, visitors, exhibitors);
    }

    private async Task<string> StartAsync(string eventId, bool dryRun, string? idempotencyKey = null)
    {
        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/matching/runs", new { dryRun }, Organiser, idempotencyKey);
        var json = await response.ExpectAsync(202);
        Assert.Equal("queued", json["status"]!.GetValue<string>());
        return json["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> GetRunAsync(string eventId, string runId) =>
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/matching/runs/{runId}", token: Organiser)).ExpectAsync(200);

    private async Task<List<BookedMeeting>> MeetingsAsync(string eventId)
    {
        var table = app.Table(MeetingRow.TableName);
        await table.CreateIfNotExistsAsync();
        var result = new List<BookedMeeting>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, MeetingRow.RowKeyPrefix)))
        {
            result.Add(BookedMeeting.FromEntity(e));
        }

        return result;
    }

    private async Task<int> RowCountAsync(string eventId)
    {
        var table = app.Table(MeetingRow.TableName);
        await table.CreateIfNotExistsAsync();
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}")))
        {
            count++;
        }

        return count;
    }

    private static string Message(string eventId, string runId) =>
        MatchingWorkQueue.Serialize(new OrganiserRunRequested(eventId, DateTimeOffset.UtcNow, runId));

    [Fact]
    public async Task DryRun_ReportsMetrics_AndWritesNoMeeting()
    {
        var e = await SeedAsync();
        var request = await Scenario.RequestMeetingAsync(_client, e.EventId, e.Visitors[1], e.Exhibitors[2]);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{e.EventId}/meeting-requests/{request}/accept",
            token: e.Exhibitors[2].Token)).ExpectAsync(200);

        var runId = await StartAsync(e.EventId, dryRun: true);
        var queued = await GetRunAsync(e.EventId, runId);
        Assert.Equal("queued", queued["status"]!.GetValue<string>());
        Assert.Null(queued["startedAt"]);
        Assert.Null(queued["metrics"]);

        Assert.Equal(1, await app.DeliverRunMessagesAsync(e.EventId));

        var run = await GetRunAsync(e.EventId, runId);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.True(run["dryRun"]!.GetValue<bool>());
        Assert.True(run["startedAt"]!.GetValue<DateTimeOffset>() <= run["finishedAt"]!.GetValue<DateTimeOffset>());
        var metrics = run["metrics"]!;
        Assert.Equal(5, metrics["visitors"]!.GetValue<int>());
        Assert.Equal(4, metrics["exhibitors"]!.GetValue<int>());
        Assert.Equal(14, metrics["slots"]!.GetValue<int>());
        Assert.Equal(10, metrics["placed"]!.GetValue<int>()); // 5 visitors x cap 2, plenty of room
        Assert.Equal(1.0, metrics["placedFraction"]!.GetValue<double>());
        Assert.Equal(1.0, metrics["weightRatio"]!.GetValue<double>());
        Assert.Equal(1, metrics["requests"]!["accepted"]!.GetValue<int>());
        Assert.Equal(1, metrics["requests"]!["satisfied"]!.GetValue<int>());
        Assert.Equal(2, metrics["minPerVisitor"]!.GetValue<int>());
        Assert.Equal(0, metrics["visitorsWithoutMeetings"]!.GetValue<int>());
        Assert.True(metrics["slotLowerBound"]!.GetValue<int>() <= metrics["slotsUsed"]!.GetValue<int>());
        Assert.Equal(10, run["planned"]!.GetValue<int>());
        Assert.Equal(0, run["published"]!.GetValue<int>());
        Assert.Equal(0, await RowCountAsync(e.EventId));
        Assert.Null(await app.Runs.GetLockAsync(e.EventId, CancellationToken.None));
    }

    [Fact]
    public async Task DryRun_WithFairnessAtLeastOne_GivesEveryVisitorAMeeting_AndReportsWhatItCost()
    {
        // Booths A and B take two meetings each. Two visitors share three tags with both booths; a third shares one
        // tag with booth A only. Best value: the two fill both booths and the third gets nothing.
        var created = await _client.SendAsync(HttpMethod.Post, "/api/events", new
        {
            name = "Fairness",
            venue = "SECC",
            timeZone = "Asia/Ho_Chi_Minh",
            days = new[] { new { date = "2099-05-26", start = "09:00", end = "12:00" } },
            slotMinutes = 30,
            tablesPerBooth = 1,
            maxMeetingsPerVisitor = 2,
            maxMeetingsPerExhibitor = 2,
            autoMatch = false,
            registrationClosesAt = "2099-01-01T00:00:00+07:00",
        }, Organiser);
        var eventId = (await created.ExpectAsync(201))["id"]!.GetValue<string>();
        await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email("x"), "Booth A", "IoT", "Đô thị thông minh", "Mobility", "Water"));
        await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email("x"), "Booth B", "IoT", "Đô thị thông minh", "Mobility"));
        for (var i = 0; i < 2; i++)
        {
            await Scenario.RegisterVisitorAsync(_client, eventId,
                Scenario.VisitorBody(Scenario.Email("v"), $"Keen {i}", "iot", "đô thị thông minh", "mobility"));
        }

        await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(Scenario.Email("v"), "Niche", "water"));

        var invalid = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/matching/runs",
            new { dryRun = true, fairness = "everyone" }, Organiser);
        Assert.Contains("fairness", (await invalid.ExpectAsync(400))["errors"]!.AsObject().Select(x => x.Key));

        var plainId = await StartAsync(eventId, dryRun: true);
        await app.DeliverRunMessagesAsync(eventId);
        var fairResponse = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/matching/runs",
            new { dryRun = true, fairness = "atLeastOne" }, Organiser);
        var fairId = (await fairResponse.ExpectAsync(202))["id"]!.GetValue<string>();
        await app.DeliverRunMessagesAsync(eventId);

        var plain = await GetRunAsync(eventId, plainId);
        var fair = await GetRunAsync(eventId, fairId);
        Assert.Equal("none", plain["fairness"]!.GetValue<string>());
        Assert.Equal("atLeastOne", fair["fairness"]!.GetValue<string>());
        Assert.Equal("succeeded", fair["status"]!.GetValue<string>());
        Assert.Equal(1, plain["metrics"]!["visitorsWithoutMeetings"]!.GetValue<int>());
        Assert.Equal(0, plain["metrics"]!["valueLostToFairness"]!.GetValue<long>());
        Assert.Equal(0, fair["metrics"]!["visitorsWithoutMeetings"]!.GetValue<int>());
        Assert.Equal(4, fair["metrics"]!["placed"]!.GetValue<int>());

        // The loss is exactly the difference of the two optima, and it is real: one keen meeting gave way.
        var lost = fair["metrics"]!["valueLostToFairness"]!.GetValue<long>();
        Assert.True(lost > 0);
        Assert.Equal(plain["metrics"]!["upperBound"]!.GetValue<long>() - lost, fair["metrics"]!["upperBound"]!.GetValue<long>());
        Assert.Equal(fair["metrics"]!["upperBound"]!.GetValue<long>(), fair["metrics"]!["placedWeight"]!.GetValue<long>());
    }

    [Fact]
    public async Task RealRun_PublishesMeetingsIntoSchedules_KeepsConfirmedMeetings_RespectsCapsAndAvailability()
    {
        var e = await SeedAsync(maxPerVisitor: 2);
        var confirmed = await BookConfirmedAsync(e.EventId, e.Visitors[2].Id, e.Exhibitors[1].Id, slot: 3, table: 2);

        var runId = await StartAsync(e.EventId, dryRun: false);
        await app.DeliverRunMessagesAsync(e.EventId);

        var run = await GetRunAsync(e.EventId, runId);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        var meetings = await MeetingsAsync(e.EventId);
        Assert.Equal(10, meetings.Count); // one confirmed + 9 new: every visitor at cap 2
        Assert.Equal(9, run["published"]!.GetValue<int>());
        Assert.Equal(1, run["metrics"]!["fixed"]!.GetValue<int>());
        var kept = Assert.Single(meetings, m => m.MeetingId == confirmed);
        Assert.Equal((3, 2), (kept.Slot, kept.Table));
        Assert.All(meetings.GroupBy(m => m.VisitorId), g =>
        {
            Assert.Equal(2, g.Count());
            Assert.Equal(g.Count(), g.Select(m => m.Slot).Distinct().Count());
        });
        Assert.All(meetings.GroupBy(m => (m.ExhibitorId, m.Slot, m.Table)), g => Assert.Single(g));
        Assert.All(meetings, m => Assert.InRange(m.Table, 1, 2));
        Assert.All(meetings.Where(m => m.VisitorId == e.Visitors[0].Id), m => Assert.InRange(m.Slot, 6, 13));

        // Visible in the participants' schedules.
        var schedule = await (await _client.SendAsync(HttpMethod.Get,
            $"/api/events/{e.EventId}/visitors/{e.Visitors[0].Id}/schedule", token: e.Visitors[0].Token)).ExpectAsync(200);
        Assert.Equal(2, schedule["meetings"]!.AsArray().Count);
    }

    [Fact]
    public async Task RealRun_RedeliveredOrResumedMessage_BooksNothingTwice()
    {
        var e = await SeedAsync();
        var runId = await StartAsync(e.EventId, dryRun: false);
        await app.DeliverRunMessagesAsync(e.EventId);
        var rows = await RowCountAsync(e.EventId);
        Assert.True(rows > 0);

        // A plain redelivery of a finished run does nothing.
        await app.InvokeAsync(Message(e.EventId, runId));
        Assert.Equal(rows, await RowCountAsync(e.EventId));
        Assert.Equal(1, (await GetRunAsync(e.EventId, runId))["attempts"]!.GetValue<int>());

        // A crash after publishing but before the run was marked done: the redelivered message resumes it.
        var current = (await app.Runs.GetAsync(e.EventId, runId, CancellationToken.None))!;
        Assert.NotNull(await app.Runs.UpdateAsync(current with { Status = MatchingRunStatus.Running, FinishedAt = null }, CancellationToken.None));
        await app.InvokeAsync(Message(e.EventId, runId), dequeueCount: 2);

        var run = await GetRunAsync(e.EventId, runId);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(2, run["attempts"]!.GetValue<int>());
        Assert.Equal(rows, await RowCountAsync(e.EventId));
        Assert.Equal((await MeetingsAsync(e.EventId)).Count, run["published"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_WhileAnotherHoldsTheLock_StaysQueued_ThenRunsAfterRelease()
    {
        var e = await SeedAsync();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(RunLockResult.Acquired, await app.Runs.AcquireLockAsync(e.EventId, "otherrun", now, now.AddMinutes(10), CancellationToken.None));
        var runId = await StartAsync(e.EventId, dryRun: true);

        await app.InvokeAsync(Message(e.EventId, runId));

        Assert.Equal("queued", (await GetRunAsync(e.EventId, runId))["status"]!.GetValue<string>());
        Assert.Equal("otherrun", (await app.Runs.GetLockAsync(e.EventId, CancellationToken.None))!.Value.Holder);
        // The original message plus the one put back to wait.
        Assert.Equal(2, await app.DeliverRunMessagesAsync(e.EventId, maxRounds: 1));
        Assert.Equal("queued", (await GetRunAsync(e.EventId, runId))["status"]!.GetValue<string>());

        await app.Runs.ReleaseLockAsync(e.EventId, "otherrun", CancellationToken.None);
        await app.DeliverRunMessagesAsync(e.EventId);

        Assert.Equal("succeeded", (await GetRunAsync(e.EventId, runId))["status"]!.GetValue<string>());
        Assert.Null(await app.Runs.GetLockAsync(e.EventId, CancellationToken.None));
    }

    [Fact]
    public async Task Run_TakesOverALockWhoseLeaseExpired()
    {
        var e = await SeedAsync();
        var past = DateTimeOffset.UtcNow.AddMinutes(-20);
        await app.Runs.AcquireLockAsync(e.EventId, "crashedrun", past, past.AddMinutes(5), CancellationToken.None);
        var runId = await StartAsync(e.EventId, dryRun: true);

        await app.DeliverRunMessagesAsync(e.EventId);

        Assert.Equal("succeeded", (await GetRunAsync(e.EventId, runId))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TwoRunsDeliveredAtOnce_NeverOverlap()
    {
        var e = await SeedAsync();
        var first = await StartAsync(e.EventId, dryRun: true);
        var second = await StartAsync(e.EventId, dryRun: false);

        await Task.WhenAll(app.InvokeAsync(Message(e.EventId, first)), app.InvokeAsync(Message(e.EventId, second)));
        await app.DeliverRunMessagesAsync(e.EventId);

        var a = await GetRunAsync(e.EventId, first);
        var b = await GetRunAsync(e.EventId, second);
        Assert.Equal("succeeded", a["status"]!.GetValue<string>());
        Assert.Equal("succeeded", b["status"]!.GetValue<string>());
        var (aStart, aEnd) = (a["startedAt"]!.GetValue<DateTimeOffset>(), a["finishedAt"]!.GetValue<DateTimeOffset>());
        var (bStart, bEnd) = (b["startedAt"]!.GetValue<DateTimeOffset>(), b["finishedAt"]!.GetValue<DateTimeOffset>());
        Assert.True(aEnd <= bStart || bEnd <= aStart, $"Runs overlapped: {aStart:O}-{aEnd:O} and {bStart:O}-{bEnd:O}");
    }

    [Fact]
    public async Task Run_ThatKeepsFailing_IsRetriedWhileRunning_ThenMarkedFailedOnTheLastDelivery()
    {
        var e = await SeedAsync();
        // Corrupt data the engine refuses: two live meetings of one visitor in one slot (written raw, bypassing the
        // booker's reservations, which would have made this impossible).
        var meetings = app.Table(MeetingRow.TableName);
        await meetings.CreateIfNotExistsAsync();
        foreach (var x in e.Exhibitors.Take(2))
        {
            await meetings.AddEntityAsync(new MeetingRecord(e.EventId, MeetingIds.Format(e.Visitors[1].Id, x.Id, 0), e.Visitors[1].Id, x.Id,
                4, 1, MeetingStatus.Booked, 0, "", [], 0, 0).ToEntity());
        }

        var runId = await StartAsync(e.EventId, dryRun: true);

        await Assert.ThrowsAnyAsync<Exception>(() => app.InvokeAsync(Message(e.EventId, runId), dequeueCount: 1));
        Assert.Equal("running", (await GetRunAsync(e.EventId, runId))["status"]!.GetValue<string>());
        // Released, so the queue's immediate redelivery can take it.
        Assert.Null(await app.Runs.GetLockAsync(e.EventId, CancellationToken.None));

        await app.InvokeAsync(Message(e.EventId, runId), dequeueCount: 5);

        var run = await GetRunAsync(e.EventId, runId);
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Equal(2, run["attempts"]!.GetValue<int>());
        Assert.NotNull(run["finishedAt"]);
        Assert.Contains("failed on every delivery", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await app.Runs.GetLockAsync(e.EventId, CancellationToken.None));
    }

    [Fact]
    public async Task DuplicateDeliveriesOfOneRunAtOnce_RunItOnce()
    {
        var e = await SeedAsync();
        var runId = await StartAsync(e.EventId, dryRun: false);
        var message = Message(e.EventId, runId);

        await Task.WhenAll(app.InvokeAsync(message, "copy1"), app.InvokeAsync(message, "copy2"), app.InvokeAsync(message, "copy3"));
        await app.DeliverRunMessagesAsync(e.EventId);

        var run = await GetRunAsync(e.EventId, runId);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal(1, run["attempts"]!.GetValue<int>());
        Assert.Equal(0, run["conflicts"]!.GetValue<int>());
        var meetings = await MeetingsAsync(e.EventId);
        Assert.Equal(10, meetings.Count);
        Assert.Equal(10, run["published"]!.GetValue<int>());
    }

    [Fact]
    public async Task Runs_AuthorisationAndErrors()
    {
        var e = await SeedAsync();
        var url = $"/api/events/{e.EventId}/matching/runs";
        var visitor = e.Visitors[1].Token;

        await (await _client.SendAsync(HttpMethod.Post, url, new { dryRun = true })).ExpectAsync(401);
        await (await _client.SendAsync(HttpMethod.Post, url, new { dryRun = true }, "bogus")).ExpectAsync(401);
        await (await _client.SendAsync(HttpMethod.Post, url, new { dryRun = true }, visitor)).ExpectAsync(403);
        await (await _client.SendAsync(HttpMethod.Post, url, new { dryRun = true }, e.Exhibitors[0].Token)).ExpectAsync(403);
        await (await _client.SendAsync(HttpMethod.Post, url, new { }, Organiser)).ExpectAsync(400);
        await (await _client.SendAsync(HttpMethod.Post, url, "{\"dryRun\":\"yes\"}", Organiser)).ExpectAsync(400);
        await (await _client.SendAsync(HttpMethod.Post, "/api/events/nosuchevent/matching/runs", new { dryRun = true }, Organiser)).ExpectAsync(404);

        var runId = await StartAsync(e.EventId, dryRun: true);
        await (await _client.SendAsync(HttpMethod.Get, $"{url}/{runId}")).ExpectAsync(401);
        await (await _client.SendAsync(HttpMethod.Get, $"{url}/{runId}", token: visitor)).ExpectAsync(403);
        await (await _client.SendAsync(HttpMethod.Get, $"{url}/nosuchrun", token: Organiser)).ExpectAsync(404);
        await (await _client.SendAsync(HttpMethod.Get, $"{url}/bad~id", token: Organiser)).ExpectAsync(404);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/nosuchevent/matching/runs/{runId}", token: Organiser)).ExpectAsync(404);
    }

    [Fact]
    public async Task Start_WithTheSameIdempotencyKey_QueuesOneRun()
    {
        var e = await SeedAsync();
        var key = "run-" + Guid.NewGuid().ToString("N");

        var first = await StartAsync(e.EventId, dryRun: true, key);
        var second = await StartAsync(e.EventId, dryRun: true, key);

        Assert.Equal(first, second);
        Assert.Equal(1, await app.DeliverRunMessagesAsync(e.EventId));
    }

    [Fact]
    public async Task RunMessage_ThatIsNotARun_IsDroppedWithoutThrowing()
    {
        await app.InvokeAsync("not json");
        await app.InvokeAsync(MatchingWorkQueue.Serialize(new ParticipantWithdrawn("someevent", DateTimeOffset.UtcNow, "p1", "visitor")));
        await app.InvokeAsync(Message("someevent", "nosuchrun"));
    }

    /// <summary>A meeting confirmed earlier, booked through the booker as the incremental matcher does.</summary>
    private async Task<string> BookConfirmedAsync(string eventId, string visitorId, string exhibitorId, int slot, int table)
    {
        var meeting = new MeetingRecord(eventId, MeetingIds.Format(visitorId, exhibitorId, 0), visitorId, exhibitorId, slot, table,
            MeetingStatus.Booked, 0, "", ["request"], 0, 0);
        var booker = app.Services.GetRequiredService<MeetingBooker>();
        Assert.Equal(BookingOutcome.Booked, (await booker.BookAsync(meeting, CancellationToken.None)).Outcome);
        return meeting.MeetingId;
    }
}
