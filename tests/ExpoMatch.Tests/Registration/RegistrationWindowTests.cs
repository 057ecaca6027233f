namespace ExpoMatch.Tests.Registration;

/// <summary>
/// The registration window: open from the event's creation to the end of its last day unless the organiser sets
/// registrationOpensAt / registrationClosesAt; outside it visitors and self-registering exhibitors get 409 with the
/// reason, while the organiser still registers anyone (late exhibitors, guests at the door).
/// </summary>
public sealed class RegistrationWindowTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private const string Organiser = RegistrationApp.OrganiserKey;
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task ByDefault_RegistrationOpensAtCreation_AndClosesAtTheEndOfTheLastDay()
    {
        var body = ExhibitorSignup.EventBody(("registrationClosesAt", null),
            ("days", new[] { new { date = "2099-05-26", start = "09:00", end = "17:00" }, new { date = "2099-05-27", start = "09:00", end = "16:30" } }));
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var json = await (await _client.SendAsync(HttpMethod.Post, "/api/events", body.ToJsonString(), Organiser)).ExpectAsync(201);

        Assert.Equal("2099-05-27T16:30:00+07:00", json["registrationClosesAt"]!.GetValue<string>());
        var opens = DateTimeOffset.Parse(json["registrationOpensAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(opens, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(TimeSpan.FromHours(7), opens.Offset);
        Assert.True(json["registrationOpen"]!.GetValue<bool>());
        var read = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{json["id"]!.GetValue<string>()}")).ExpectAsync(200);
        Assert.Equal(json["registrationOpensAt"]!.GetValue<string>(), read["registrationOpensAt"]!.GetValue<string>());
        Assert.Equal("2099-05-27T16:30:00+07:00", read["registrationClosesAt"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("registrationClosesAt", "2099-05-26T17:00:01+07:00", null)]
    [InlineData("registrationOpensAt", "2099-05-26T10:00:00+07:00", "2099-05-26T10:00:00+07:00")]
    [InlineData("registrationOpensAt", "2099-05-26T18:00:00+07:00", null)]
    [InlineData("registrationOpensAt", "tomorrow", null)]
    public async Task WindowThatIsNotAWindow_IsAFieldError(string field, string opensOrCloses, string? closes)
    {
        var body = field == "registrationClosesAt"
            ? ExhibitorSignup.EventBody(("registrationClosesAt", opensOrCloses))
            : ExhibitorSignup.EventBody(("registrationOpensAt", opensOrCloses), ("registrationClosesAt", closes));

        var json = await (await _client.SendAsync(HttpMethod.Post, "/api/events", body.ToJsonString(), Organiser)).ExpectAsync(400);

        Assert.NotNull(json["errors"]![field]);
    }

    [Fact]
    public async Task UnknownExhibitorRegistrationMode_IsAFieldError()
    {
        var body = ExhibitorSignup.EventBody(("exhibitorRegistration", "invite-only"));

        var json = await (await _client.SendAsync(HttpMethod.Post, "/api/events", body.ToJsonString(), Organiser)).ExpectAsync(400);

        Assert.NotNull(json["errors"]!["exhibitorRegistration"]);
    }

    [Fact]
    public async Task BeforeTheWindowOpens_VisitorsAndExhibitorsGetAClearConflict_TheOrganiserStillRegisters()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open",
            ("registrationOpensAt", "2099-03-01T08:00:00+07:00"), ("registrationClosesAt", null));

        var visitor = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(Scenario.Email()))).ExpectAsync(409);
        var exhibitor = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, expected: 409);

        Assert.Contains("opens at 2099-03-01T08:00:00+07:00", visitor["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("opens at", exhibitor.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(Scenario.Email()), Organiser)).ExpectAsync(201);
        await Scenario.RegisterExhibitorAsync(_client, eventId);
        var expo = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}")).ExpectAsync(200);
        Assert.False(expo["registrationOpen"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AfterTheWindowCloses_SelfRegisteringExhibitorsGetAClearConflict()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open", ("registrationClosesAt", "2022-05-01T00:00:00+07:00"));

        var refused = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, expected: 409);

        Assert.Contains("closed at 2022-05-01T00:00:00+07:00", refused.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await Scenario.RegisterExhibitorAsync(_client, eventId);
    }
}
