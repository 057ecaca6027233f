using System.Globalization;
using ExpoMatch.Functions.Matching;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>
/// A clock the test sets to any instant, earlier ones included (FakeTimeProvider only moves forward, and these tests
/// share one app while visiting different moments of different shows).
/// </summary>
public sealed class SettableClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void SetUtcNow(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);
}

/// <summary>The registration app whose in-process services (matcher, runner) run on a clock the test sets.</summary>
public sealed class WalkInApp : RegistrationApp
{
    public SettableClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// Walk-ins during the show: they register through the API (the window runs to the end of the last day), request
/// meetings, and every booking path, the incremental matcher and the organiser's whole-event run on the app's real
/// DI graph over Azurite, books them into slots that have not started, never into one that has.
/// </summary>
public sealed class WalkInTests(WalkInApp app) : IClassFixture<WalkInApp>
{
    private const string Organiser = RegistrationApp.OrganiserKey;
    private readonly HttpClient _client = app.CreateClient();

    /// <summary>2099-05-26, 09:00-17:00 Ho Chi Minh City, lunch 12:00-13:00: slots 0-5 in the morning, 6-13 after lunch.</summary>
    private async Task<(string EventId, Registered Exhibitor)> EventWithExhibitorAsync()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open", ("registrationClosesAt", null));
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        return (eventId, exhibitor);
    }

    private async Task<(Registered Visitor, string RequestId)> AcceptedRequestAsync(string eventId, Registered exhibitor)
    {
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/accept", token: exhibitor.Token)).ExpectAsync(200);
        return (visitor, requestId);
    }

    private async Task<List<MeetingRecord>> LiveMeetingsAsync(string eventId) =>
        [.. (await app.Services.GetRequiredService<MeetingLedger>().ListAllAsync(eventId, CancellationToken.None)).Where(m => m.IsLive)];

    private static DateTimeOffset At(string local) => DateTimeOffset.Parse(local, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Matcher_DuringTheShow_BooksTheFirstSlotThatHasNotStarted()
    {
        var (eventId, exhibitor) = await EventWithExhibitorAsync();
        var (visitor, _) = await AcceptedRequestAsync(eventId, exhibitor);
        var expo = (await app.Services.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
        app.Clock.SetUtcNow(At("2099-05-26T10:00:00+07:00")); // slot 2 (10:00) starts now: it is taken as started

        var settled = await app.Services.GetRequiredService<Functions.Meetings.Matcher>().SettleAsync(expo, visitor.Id, exhibitor.Id, true, CancellationToken.None);

        Assert.Equal(Settlement.Placed, settled);
        var meeting = Assert.Single(await LiveMeetingsAsync(eventId));
        Assert.Equal(3, meeting.Slot);
        Assert.True(expo.Grid[meeting.Slot].StartUtc > app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Matcher_AfterTheLastSlotStarted_MarksTheRequestUnplaced()
    {
        var (eventId, exhibitor) = await EventWithExhibitorAsync();
        var (visitor, requestId) = await AcceptedRequestAsync(eventId, exhibitor);
        var expo = (await app.Services.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
        app.Clock.SetUtcNow(At("2099-05-26T16:40:00+07:00"));

        var settled = await app.Services.GetRequiredService<Functions.Meetings.Matcher>().SettleAsync(expo, visitor.Id, exhibitor.Id, true, CancellationToken.None);

        Assert.Equal(Settlement.Unplaced, settled);
        Assert.Empty(await LiveMeetingsAsync(eventId));
        var request = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meeting-requests/{requestId}", token: visitor.Token)).ExpectAsync(200);
        Assert.Equal("accepted", request["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OrganiserRun_DuringTheShow_PlacesEveryMeetingInARemainingSlot()
    {
        var (eventId, exhibitor) = await EventWithExhibitorAsync();
        for (var i = 0; i < 5; i++)
        {
            await AcceptedRequestAsync(eventId, exhibitor);
        }

        var expo = (await app.Services.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
        app.Clock.SetUtcNow(At("2099-05-26T13:05:00+07:00")); // the morning and the 13:00 slot have started: 7 slots x 2 tables remain
        var run = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/matching/runs", new { dryRun = false }, Organiser)).ExpectAsync(202);

        await app.Services.GetRequiredService<MatchingRunner>().HandleAsync(
            new OrganiserRunRequested(eventId, app.Clock.GetUtcNow(), run["id"]!.GetValue<string>()), 1, CancellationToken.None);

        var meetings = await LiveMeetingsAsync(eventId);
        Assert.Equal(5, meetings.Count);
        Assert.All(meetings, m => Assert.True(m.Slot >= 7, $"meeting {m.MeetingId} booked into slot {m.Slot}, which had started"));
    }

    [Fact]
    public async Task WalkIn_RegistersOnTheDay_AndIsBookedIntoARemainingSlot()
    {
        // An event running today and tomorrow (UTC, hourly slots), on the real clock: registration is open during the show.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var body = ExhibitorSignup.EventBody(("registrationClosesAt", null), ("timeZone", "UTC"), ("breaks", Array.Empty<object>()), ("slotMinutes", 60),
            ("days", new[] { Day(today), Day(today.AddDays(1)) }));
        var eventId = (await (await _client.SendAsync(HttpMethod.Post, "/api/events", body.ToJsonString(), Organiser)).ExpectAsync(201))["id"]!.GetValue<string>();
        var exhibitor = await ExhibitorSignup.SelfRegisterAsync(_client, eventId);
        var (walkIn, _) = await AcceptedRequestAsync(eventId, exhibitor);
        var expo = (await app.Services.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
        app.Clock.SetUtcNow(DateTimeOffset.UtcNow);

        await app.Services.GetRequiredService<Functions.Meetings.Matcher>().SettleAsync(expo, walkIn.Id, exhibitor.Id, true, CancellationToken.None);

        var meeting = Assert.Single(await LiveMeetingsAsync(eventId));
        Assert.True(expo.Grid[meeting.Slot].StartUtc > app.Clock.GetUtcNow(), $"slot {meeting.Slot} had started");
        Assert.False(expo.Grid.HasStarted(meeting.Slot - 0, app.Clock.GetUtcNow()));
        Assert.True(meeting.Slot == 0 || expo.Grid.HasStarted(meeting.Slot - 1, app.Clock.GetUtcNow()), "the first remaining slot is taken");
    }

    private static object Day(DateOnly date) => new { date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start = "00:00", end = "23:00" };
}
