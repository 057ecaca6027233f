using System.Diagnostics;
using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpoMatch.Tests.Reliability;

/// <summary>
/// The app on an Azurite of its own (the timer erases every due event of the account, so never the shared one's),
/// plus in-process services on a clock the test moves (the retention timer's function class).
/// </summary>
public sealed class RetentionApp : OwnAzuriteApp
{
    protected override string EmulatorName => KeyRingApp.SharedEmulator;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2022, 5, 1, 0, 0, 0, TimeSpan.Zero));

    public TableClient Table(string name) => StorageClients.Tables(ConnectionString).GetTableClient(name);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// Retention: ExpoMatch:Retention:PersonalDataDays (90 by default) after an event's last day ends, the ErasePersonalData
/// timer erases its participants' personal data, leaving the tombstones a withdrawal leaves, and GET /api/events
/// shows when that happens and that it happened. Also what the pending-work timers do with such past events: the
/// dispatcher sweeps them hourly only, the reconciliation not at all.
/// </summary>
public sealed class RetentionTests(RetentionApp app) : IClassFixture<RetentionApp>
{
    // A past edition of Scenario's event: 2022-05-26, 09:00-17:00 in Ho Chi Minh City (UTC+7): it ends at 10:00 UTC;
    // 90 days later. Past, because the worker's clock is the real one and shows the erasure once its date has passed.
    private static readonly DateTimeOffset ErasedAfter = new(2022, 8, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Event_ShowsTheErasureDate_AndNothingIsErasedBeforeIt()
    {
        using var client = app.CreateClient();
        var eventId = await PastEventAsync(client, "2022-05-26");
        var visitor = await RegisterVisitorAsync(client, eventId);

        var created = await (await client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}")).ExpectAsync(200);
        Assert.Equal(ErasedAfter, created["personalDataErasedAfter"]!.GetValue<DateTimeOffset>());
        Assert.EndsWith("+07:00", created["personalDataErasedAfter"]!.GetValue<string>(), StringComparison.Ordinal); // the event's offset
        Assert.Null(created["personalDataErasedAt"]);

        app.Clock.SetUtcNow(ErasedAfter.AddSeconds(-1));
        await Timer().RunAsync(CancellationToken.None);

        await (await client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}", token: visitor.Token)).ExpectAsync(200);
    }

    [Fact]
    public async Task AfterTheDate_EveryParticipantIsTombstoned_LikeAWithdrawal_InBatches_AndTheEventSaysSo()
    {
        using var client = app.CreateClient();
        var eventId = await PastEventAsync(client, "2022-05-26");
        var laterEventId = await PastEventAsync(client, "2022-12-01");
        var exhibitor = await Scenario.RegisterExhibitorAsync(client, eventId);
        var visitor = await RegisterVisitorAsync(client, eventId);
        var untouched = await RegisterVisitorAsync(client, laterEventId);
        var requestId = await Scenario.RequestMeetingAsync(client, eventId, visitor, exhibitor);
        await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/accept", token: exhibitor.Token)).ExpectAsync(200);
        // More participants than one transaction holds (50 a batch), written the way registration writes them.
        var store = app.Services.GetRequiredService<ParticipantStore>();
        var expo = (await app.Services.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
        for (var i = 0; i < 120; i++)
        {
            var (participant, errors) = ParticipantValidation.Visitor(
                new VisitorFields($"Khách {i}", "Công ty", null, Scenario.Email("bulk"), ["IoT"], "vi", null),
                expo, Ids.New(), new string('a', 64), app.Clock.GetUtcNow());
            Assert.Empty(errors);
            Assert.Equal(ParticipantWrite.Done, await store.RegisterAsync(participant!, CancellationToken.None));
        }

        app.Clock.SetUtcNow(ErasedAfter.AddMinutes(5));
        await Timer().RunAsync(CancellationToken.None);

        var participants = app.Table(RegistrationTables.Participants);
        var rows = await participants.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}")).ToListAsync();
        Assert.Equal(122, rows.Count); // tombstones only: every email guard is gone
        Assert.All(rows, row =>
        {
            Assert.Equal(ParticipantStatus.Withdrawn, row.GetString(ParticipantRow.Status));
            Assert.Equal(app.Clock.GetUtcNow(), row.GetDateTimeOffset(ParticipantRow.WithdrawnAt));
            Assert.All(new[] { ParticipantRow.Name, ParticipantRow.Company, ParticipantRow.Email, ParticipantRow.Tags, ParticipantRow.TokenHash }, p => Assert.False(row.ContainsKey(p)));
        });
        var request = (await app.Table(RegistrationTables.Requests).GetEntityAsync<TableEntity>(eventId, RequestRow.RowKey(visitor.Id, exhibitor.Id))).Value;
        Assert.False(request.ContainsKey("Note"));
        Assert.Equal("accepted", request.GetString("Status")); // the event is over: what happened stays, the note goes

        await (await client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}", token: FunctionAppFixture.OrganiserKey)).ExpectAsync(404);
        await (await client.SendAsync(HttpMethod.Get, $"/api/events/{laterEventId}/visitors/{untouched.Id}", token: untouched.Token)).ExpectAsync(200);
        var shown = await (await client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}")).ExpectAsync(200);
        Assert.Equal(app.Clock.GetUtcNow(), shown["personalDataErasedAt"]!.GetValue<DateTimeOffset>());

        // Idempotent: a second run finds the event done and changes nothing.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await Timer().RunAsync(CancellationToken.None);
        var again = await (await client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}")).ExpectAsync(200);
        Assert.Equal(shown["personalDataErasedAt"]!.GetValue<DateTimeOffset>(), again["personalDataErasedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task PendingWork_OfEventsOutOfPlay_IsDeliveredByTheHourlyFullSweep_ThatOfRunningEventsByEveryRun()
    {
        using var client = app.CreateClient();
        var ended = await PastEventAsync(client, "2022-05-26");
        var running = await PastEventAsync(client, "2022-12-01"); // ends 2022-12-01 10:00 UTC
        // The other tests of this class only move the clock forward; this one puts it back when done.
        var before = app.Clock.GetUtcNow();
        app.Clock.AdjustTime(new DateTimeOffset(2022, 12, 1, 12, 0, 0, TimeSpan.Zero));
        try
        {
            var inPlay = await app.Services.GetRequiredService<EventStore>().ListIdsEndingAfterAsync(app.Clock.GetUtcNow().AddDays(-2), CancellationToken.None);
            Assert.Contains(running, inPlay);
            Assert.DoesNotContain(ended, inPlay);

            // This test's own dispatcher (a fresh FullSweepSchedule): its first run sweeps every event.
            var dispatcher = ActivatorUtilities.CreateInstance<DeliverPendingWork>(app.Services, ActivatorUtilities.CreateInstance<FullSweepSchedule>(app.Services));
            await RecordWorkAsync(ended, running);
            await dispatcher.RunAsync(new TimerInvocation(false, null), CancellationToken.None);
            Assert.Equal((0, 0), (await WorkRowsAsync(ended), await WorkRowsAsync(running)));

            // Within the hour only the event in play is swept; an hour after the full sweep, every event again.
            await RecordWorkAsync(ended, running);
            app.Clock.Advance(TimeSpan.FromMinutes(30));
            await dispatcher.RunAsync(new TimerInvocation(false, null), CancellationToken.None);
            Assert.Equal((1, 0), (await WorkRowsAsync(ended), await WorkRowsAsync(running)));
            app.Clock.Advance(TimeSpan.FromMinutes(30));
            await dispatcher.RunAsync(new TimerInvocation(false, null), CancellationToken.None);
            Assert.Equal((0, 0), (await WorkRowsAsync(ended), await WorkRowsAsync(running)));
        }
        finally
        {
            app.Clock.AdjustTime(before);
        }
    }

    // A harmless message (a schedule job of a participant who does not exist), recorded a minute ago.
    private async Task RecordWorkAsync(params string[] eventIds)
    {
        var table = app.Table(RegistrationTables.Requests);
        await table.CreateIfNotExistsAsync();
        foreach (var eventId in eventIds)
        {
            var work = ScheduleEmailQueue.Pending(new ScheduleEmailJob(eventId, Ids.New(), "visitor", ScheduleEmailKinds.Schedule));
            await table.AddEntityAsync(work.ToEntity(eventId, app.Clock.GetUtcNow().AddMinutes(-1)));
        }
    }

    private async Task<int> WorkRowsAsync(string eventId) =>
        await app.Table(RegistrationTables.Requests).QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, PendingWork.RowPrefix)).CountAsync();

    private static Task<string> PastEventAsync(HttpClient client, string date) =>
        Scenario.CreateEventAsync(client, registrationClosesAt: date + "T17:00:00+07:00", date: date);

    // Registration of a past event is closed to visitors; the organiser may still register one.
    private static async Task<Registered> RegisterVisitorAsync(HttpClient client, string eventId)
    {
        var json = await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors",
            Scenario.VisitorBody(Scenario.Email("v")), FunctionAppFixture.OrganiserKey)).ExpectAsync(201);
        return new Registered(json["id"]!.GetValue<string>(), json["accessToken"]!.GetValue<string>(), json);
    }

    private ErasePersonalData Timer() => ActivatorUtilities.CreateInstance<ErasePersonalData>(app.Services);
}

/// <summary>
/// The retention timer switched on in the worker, every two seconds, with one day of retention, on an Azurite of its
/// own holding a past event with a participant, written before the host (and so the timer) starts.
/// </summary>
public sealed class RetentionTimerApp : OwnAzuriteApp
{
    public string EventId { get; } = Ids.New();

    public string VisitorId { get; } = Ids.New();

    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["AzureWebJobs.ErasePersonalData.Disabled"] = "false",
        ["ExpoMatch__Schedules__ErasePersonalData"] = "*/2 * * * * *",
        ["ExpoMatch__Retention__PersonalDataDays"] = "1",
    };

    protected override async Task<string> StorageConnectionStringAsync()
    {
        var connection = await base.StorageConnectionStringAsync();
        await using var services = BuildServices(
            new Dictionary<string, string> { ["AzureWebJobsStorage"] = connection, ["ExpoMatch__OrganiserKey"] = OrganiserKey },
            Microsoft.Extensions.Hosting.Environments.Development);
        var now = DateTimeOffset.UtcNow;
        var (expo, eventErrors) = EventValidation.Validate(new CreateEventRequest("Smart City Asia 2022", "SECC", "Asia/Ho_Chi_Minh",
            [new EventDayDto("2022-05-26", "09:00", "17:00")], 30, [], 1, 6, 20, false, null, null), EventId, now);
        Assert.Empty(eventErrors);
        await services.GetRequiredService<EventStore>().CreateAsync(expo!, CancellationToken.None);
        var (visitor, errors) = ParticipantValidation.Visitor(
            new VisitorFields("Somchai Srisuk", "Công ty", null, Scenario.Email("timer"), ["IoT"], "th", null), expo!, VisitorId, new string('a', 64), now);
        Assert.Empty(errors);
        Assert.Equal(ParticipantWrite.Done, await services.GetRequiredService<ParticipantStore>().RegisterAsync(visitor!, CancellationToken.None));
        return connection;
    }
}

public sealed class RetentionThroughWorkerTests(RetentionTimerApp app) : IClassFixture<RetentionTimerApp>
{
    [Fact]
    public async Task TimerInTheWorker_ErasesAPastEvent_AndTheEventShowsIt()
    {
        using var client = app.CreateClient();
        var eventUrl = $"/api/events/{app.EventId}";
        var shown = await (await client.SendAsync(HttpMethod.Get, eventUrl)).ExpectAsync(200);
        Assert.Equal(new DateTimeOffset(2022, 5, 27, 10, 0, 0, TimeSpan.Zero), shown["personalDataErasedAfter"]!.GetValue<DateTimeOffset>());

        var clock = Stopwatch.StartNew();
        while ((await (await client.SendAsync(HttpMethod.Get, eventUrl)).ExpectAsync(200))["personalDataErasedAt"] is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the timer did not erase the event:\n" + app.Host.Output);
            await Task.Delay(250);
        }

        await (await client.SendAsync(HttpMethod.Get, $"{eventUrl}/visitors/{app.VisitorId}", token: FunctionAppFixture.OrganiserKey)).ExpectAsync(404);
        Assert.Matches(@"Retention: erased the personal data of 1 participants and 0 request notes of event", app.Host.Output);
    }
}
