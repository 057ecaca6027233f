using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Matching.Matcher;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Meetings;

/// <summary>
/// Online and hybrid meetings through the HTTP API on Azurite: the event's modes and video link template, each
/// participant's attendance and time zone (field errors), and the matcher booking online meetings: no table shown, a
/// video link, times in the event's zone and the online participant's own, and a booth never in more meetings in a
/// slot than it has seats, in any mix of modes.
/// </summary>
public sealed class OnlineMeetingTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData(null, "videoLinkTemplate")]
    [InlineData("http://meet.example.org/expomatch/{meetingId}", "videoLinkTemplate")]
    [InlineData("https://meet.example.org/expomatch/room", "videoLinkTemplate")]
    [InlineData("meet.example.org/{meetingId}", "videoLinkTemplate")]
    [InlineData("https:///{meetingId}", "videoLinkTemplate")]
    public async Task Event_OfferingOnline_NeedsAnHttpsTemplateWithTheMeetingId(string? template, string field)
    {
        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", HybridScenario.EventBody(template: template), RegistrationApp.OrganiserKey);

        var problem = await response.ExpectAsync(400);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Event_ModesAreValidated_AndDefaultToOnsite()
    {
        var unknown = await _client.SendAsync(HttpMethod.Post, "/api/events", HybridScenario.EventBody(modes: ["zoom"]), RegistrationApp.OrganiserKey);
        var templateWithoutOnline = await _client.SendAsync(HttpMethod.Post, "/api/events", HybridScenario.EventBody(modes: ["onsite"]), RegistrationApp.OrganiserKey);
        Assert.NotNull((await unknown.ExpectAsync(400))["errors"]!["meetingModes"]);
        Assert.NotNull((await templateWithoutOnline.ExpectAsync(400))["errors"]!["videoLinkTemplate"]);

        var onsite = await Scenario.CreateEventAsync(_client);
        var hybrid = await HybridScenario.CreateEventAsync(_client);
        var onsiteEvent = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{onsite}")).ExpectAsync(200);
        var hybridEvent = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{hybrid}")).ExpectAsync(200);
        Assert.Equal(["onsite"], onsiteEvent["meetingModes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(["onsite", "online"], hybridEvent["meetingModes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.DoesNotContain("meet.example.org", hybridEvent.ToJsonString(), StringComparison.Ordinal); // the template is not public
    }

    [Fact]
    public async Task Attendance_IsOneOfTheEventsModes_AndTheTimeZoneAnIanaZoneForOnlineOnly()
    {
        var onsiteOnly = await Scenario.CreateEventAsync(_client);
        var hybrid = await HybridScenario.CreateEventAsync(_client);

        var notOffered = await Register(onsiteOnly, new { attendance = "online", timeZone = "Asia/Dushanbe" });
        var badZone = await Register(hybrid, new { attendance = "online", timeZone = "Asia/Atlantis" });
        var windowsZone = await Register(hybrid, new { attendance = "online", timeZone = "Tajikistan Standard Time" });
        var onsiteWithZone = await Register(hybrid, new { attendance = "onsite", timeZone = "Asia/Dushanbe" });
        var badMode = await Register(hybrid, new { attendance = "hologram" });

        Assert.NotNull((await notOffered.ExpectAsync(400))["errors"]!["attendance"]);
        Assert.NotNull((await badZone.ExpectAsync(400))["errors"]!["timeZone"]);
        Assert.NotNull((await windowsZone.ExpectAsync(400))["errors"]!["timeZone"]);
        Assert.NotNull((await onsiteWithZone.ExpectAsync(400))["errors"]!["timeZone"]);
        Assert.NotNull((await badMode.ExpectAsync(400))["errors"]!["attendance"]);

        var online = await Scenario.RegisterVisitorAsync(_client, hybrid, HybridScenario.OnlineVisitorBody(Scenario.Email("v")));
        Assert.Equal("online", online.Body["attendance"]!.GetValue<string>());
        Assert.Equal("Asia/Dushanbe", online.Body["timeZone"]!.GetValue<string>());
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, hybrid);
        Assert.Equal("onsite", exhibitor.Body["attendance"]!.GetValue<string>());
        Assert.Null(exhibitor.Body["timeZone"]);

        // Switching to onsite drops the participant's own zone.
        var patched = await (await _client.SendAsync(HttpMethod.Patch, $"/api/events/{hybrid}/visitors/{online.Id}", new { attendance = "onsite" }, online.Token)).ExpectAsync(200);
        Assert.Equal("onsite", patched["attendance"]!.GetValue<string>());
        Assert.Null(patched["timeZone"]);
    }

    [Fact]
    public async Task VisitorOnlineFromDushanbe_GetsAnOnlineMeeting_WithTheLinkNoTable_AndTimesInBothZones()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId, HybridScenario.OnlineVisitorBody(Scenario.Email("v")));
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, exhibitor);
        await MatcherRunner.DrainAsync(app);

        var mine = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/schedule", token: visitor.Token)).ExpectAsync(200);
        var theirs = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}/schedule", token: exhibitor.Token)).ExpectAsync(200);

        var meetingId = HybridScenario.MeetingId(visitor, exhibitor);
        var meeting = mine["meetings"]![0]!;
        Assert.Equal(meetingId, meeting["id"]!.GetValue<string>());
        Assert.Equal("online", meeting["mode"]!.GetValue<string>());
        Assert.Null(meeting["table"]);
        Assert.Equal($"https://meet.example.org/expomatch/{meetingId}", meeting["videoLink"]!.GetValue<string>());
        Assert.Equal("Asia/Dushanbe", mine["participantTimeZone"]!.GetValue<string>());
        var start = DateTimeOffset.Parse(meeting["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var ownStart = DateTimeOffset.Parse(meeting["participantStart"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(7), start.Offset);
        Assert.Equal(TimeSpan.FromHours(5), ownStart.Offset);
        Assert.Equal(start, ownStart); // the same instant, 09:00 in Ho Chi Minh City is 07:00 in Dushanbe
        Assert.Equal(start.Hour - 2, ownStart.Hour);

        var exhibitorView = theirs["meetings"]![0]!;
        Assert.Equal("online", exhibitorView["mode"]!.GetValue<string>());
        Assert.Equal(meeting["videoLink"]!.GetValue<string>(), exhibitorView["videoLink"]!.GetValue<string>());
        Assert.Null(exhibitorView["participantStart"]);
        Assert.Null(theirs["participantTimeZone"]);
    }

    [Fact]
    public async Task BoothWithOneTable_NeverHasAnOnlineAndAnOnsiteMeetingInOneSlot()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client, tablesPerBooth: 1);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var online = await Scenario.RegisterVisitorAsync(_client, eventId, HybridScenario.OnlineVisitorBody(Scenario.Email("v")));
        var onsite = await Scenario.RegisterVisitorAsync(_client, eventId);
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, online, exhibitor);
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, onsite, exhibitor);
        await MatcherRunner.DrainAsync(app);

        var rows = await EventRows.ReadAsync(app, eventId);
        rows.AssertConsistent(maxPerVisitor: 6, maxPerExhibitor: 20);
        Assert.Equal(2, rows.Live.Count);
        Assert.Equal([MeetingModes.Online, MeetingModes.Onsite], rows.Live.Select(m => m.Mode).Order());
        Assert.NotEqual(rows.Live[0].Slot, rows.Live[1].Slot);
        // The online meeting holds the booth's seat in its slot: storage refuses any second meeting there.
        var onlineMeeting = rows.Live.Single(m => m.Mode == MeetingModes.Online);
        Assert.Contains(rows.Reservations, r => r.RowKey == MeetingRow.TableBusyRowKey(onlineMeeting.Slot, exhibitor.Id, 1));
    }

    private Task<HttpResponseMessage> Register(string eventId, object attendance)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Scenario.VisitorBody(Scenario.Email("v")),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(attendance))!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        return _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body.ToJsonString());
    }
}
