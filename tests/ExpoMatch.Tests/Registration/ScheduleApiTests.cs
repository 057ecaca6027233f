namespace ExpoMatch.Tests.Registration;

public sealed class ScheduleApiTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Schedule_BookedMeetings_ShowsLocalTimesBoothCounterpartAndSharedTags()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email(), "Công ty Đô thị Xanh", "Đô thị thông minh", "IoT"));
        var other = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId,
            Scenario.VisitorBody(Scenario.Email(), "Somchai", "đô thị  THÔNG MINH", "Giao thông"));
        await MeetingSeed.BookAsync(app, eventId, "late", visitor.Id, other.Id, slot: 6, table: 2);
        await MeetingSeed.BookAsync(app, eventId, "early", visitor.Id, exhibitor.Id, slot: 0, table: 1);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/schedule", token: visitor.Token)).ExpectAsync(200);

        Assert.Equal("Asia/Ho_Chi_Minh", json["timeZone"]!.GetValue<string>());
        var meetings = json["meetings"]!.AsArray();
        Assert.Equal(["early", "late"], meetings.Select(m => m!["id"]!.GetValue<string>()));
        var first = meetings[0]!;
        Assert.Equal("2099-05-26T09:00:00+07:00", first["start"]!.GetValue<string>());
        Assert.Equal("2099-05-26T09:30:00+07:00", first["end"]!.GetValue<string>());
        Assert.Equal(exhibitor.Body["boothCode"]!.GetValue<string>(), first["boothCode"]!.GetValue<string>());
        Assert.Equal(1, first["table"]!.GetValue<int>());
        Assert.Equal("booked", first["status"]!.GetValue<string>());
        Assert.Equal("Công ty Đô thị Xanh", first["counterpart"]!["company"]!.GetValue<string>());
        Assert.Null(first["counterpart"]!["email"]);
        Assert.Equal(["đô thị  THÔNG MINH"], first["sharedTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("2099-05-26T13:00:00+07:00", meetings[1]!["start"]!.GetValue<string>());
    }

    [Fact]
    public async Task Schedule_ForExhibitor_ListsOnlyTheirMeetings()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var other = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        await MeetingSeed.BookAsync(app, eventId, "mine", visitor.Id, exhibitor.Id, slot: 2, table: 1);
        await MeetingSeed.BookAsync(app, eventId, "theirs", visitor.Id, other.Id, slot: 3, table: 1);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}/schedule", token: exhibitor.Token)).ExpectAsync(200);

        var meeting = Assert.Single(json["meetings"]!.AsArray())!;
        Assert.Equal("mine", meeting["id"]!.GetValue<string>());
        Assert.Equal(visitor.Id, meeting["counterpart"]!["id"]!.GetValue<string>());
        Assert.Equal("visitor", meeting["counterpart"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Schedule_CounterpartWithdrawn_ShowsIdOnly()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        await MeetingSeed.BookAsync(app, eventId, "m", visitor.Id, exhibitor.Id, slot: 1, table: 1);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}", token: RegistrationApp.OrganiserKey)).ExpectAsync(204);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/schedule", token: visitor.Token)).ExpectAsync(200);

        var counterpart = json["meetings"]![0]!["counterpart"]!;
        Assert.True(counterpart["withdrawn"]!.GetValue<bool>());
        Assert.Null(counterpart["company"]);
    }

    [Fact]
    public async Task Schedule_MeetingRowOutsideGrid_IsSkippedNotAnError()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        await MeetingSeed.BookAsync(app, eventId, "bad", visitor.Id, exhibitor.Id, slot: 999, table: 1);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/schedule", token: RegistrationApp.OrganiserKey)).ExpectAsync(200);

        Assert.Empty(json["meetings"]!.AsArray());
    }
}
