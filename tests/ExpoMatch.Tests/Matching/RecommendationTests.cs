using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Matching;

public sealed class RecommendationTests(MatchingApp app) : IClassFixture<MatchingApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private sealed record Expo(string EventId, Registered Visitor, Registered Both, Registered Rare, Registered Common, Registered Unrelated);

    /// <summary>
    /// Visitor: IoT, Rare sensors, Đô thị thông minh. Exhibitors: Both (IoT + Đô thị thông minh), Rare (Rare sensors),
    /// Common (IoT), Unrelated (Logistics). N = 5 participants; df(IoT) = 3, df(rare) = 2, df(đô thị) = 2.
    /// </summary>
    private async Task<Expo> SeedAsync()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId,
            Scenario.VisitorBody(Scenario.Email("v"), "Somchai", "iot", "RARE SENSORS", "đô thị  THÔNG MINH"));
        var both = await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email("x"), "Both Co", "IoT", "Đô thị thông minh"));
        var rare = await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email("x"), "Rare Co", "Rare Sensors"));
        var common = await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email("x"), "Common Co", "IOT"));
        var unrelated = await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email("x"), "Other Co", "Logistics"));
        return new Expo(eventId, visitor, both, rare, common, unrelated);
    }

    private static int TagWeight(int participants, int df) => (int)Math.Round(1000 * Math.Log(1 + ((double)participants / df)));

    private async Task<JsonNode> GetAsync(Expo e, string query = "", string? token = null) =>
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{e.EventId}/visitors/{e.Visitor.Id}/recommendations{query}",
            token: token ?? e.Visitor.Token)).ExpectAsync(200);

    [Fact]
    public async Task Recommendations_RankByRarityWeightedSharedTags_WithDisplayForms()
    {
        var e = await SeedAsync();

        var items = (await GetAsync(e))["items"]!.AsArray();

        Assert.Equal([e.Both.Id, e.Rare.Id, e.Common.Id], items.Select(i => i!["exhibitorId"]!.GetValue<string>()));
        Assert.Equal(TagWeight(5, 3) + TagWeight(5, 2), items[0]!["score"]!.GetValue<int>());
        Assert.Equal(TagWeight(5, 2), items[1]!["score"]!.GetValue<int>());
        Assert.Equal(TagWeight(5, 3), items[2]!["score"]!.GetValue<int>());
        // The exhibitor's own spelling, rarest first.
        Assert.Equal(["Đô thị thông minh", "IoT"], items[0]!["sharedTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["Rare Sensors"], items[1]!["sharedTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["IOT"], items[2]!["sharedTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("Both Co", items[0]!["company"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recommendations_LeaveOutRequestedAndMetExhibitors_FlagCancelledRequests()
    {
        var e = await SeedAsync();
        var requestId = await Scenario.RequestMeetingAsync(_client, e.EventId, e.Visitor, e.Both);
        var rareRequest = await Scenario.RequestMeetingAsync(_client, e.EventId, e.Visitor, e.Rare);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{e.EventId}/meeting-requests/{rareRequest}/cancel",
            token: e.Visitor.Token)).ExpectAsync(200);
        var meetings = app.Table(MeetingRow.TableName);
        await meetings.CreateIfNotExistsAsync();
        await meetings.AddEntityAsync(new TableEntity(e.EventId, MeetingRow.PairRowKey(e.Visitor.Id, e.Common.Id)));

        var items = (await GetAsync(e))["items"]!.AsArray();

        var item = Assert.Single(items);
        Assert.Equal(e.Rare.Id, item!["exhibitorId"]!.GetValue<string>());
        Assert.Equal("cancelled", item["requestStatus"]!.GetValue<string>());
        Assert.NotNull(requestId);
    }

    [Fact]
    public async Task Recommendations_PageWithLimitAndOffset_InTheSameOrder()
    {
        var e = await SeedAsync();
        var all = (await GetAsync(e))["items"]!.AsArray().Select(i => i!["exhibitorId"]!.GetValue<string>()).ToList();

        var first = await GetAsync(e, "?limit=2");
        var second = await GetAsync(e, "?limit=2&offset=" + first["nextOffset"]!.GetValue<int>());

        Assert.Equal(all[..2], first["items"]!.AsArray().Select(i => i!["exhibitorId"]!.GetValue<string>()));
        Assert.Equal(all[2..], second["items"]!.AsArray().Select(i => i!["exhibitorId"]!.GetValue<string>()));
        Assert.Null(second["nextOffset"]);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=x")]
    [InlineData("?offset=-1")]
    [InlineData("?offset=10001")]
    public async Task Recommendations_WithBadPaging_AreBadRequests(string query)
    {
        var e = await SeedAsync();
        var response = await _client.SendAsync(HttpMethod.Get,
            $"/api/events/{e.EventId}/visitors/{e.Visitor.Id}/recommendations{query}", token: e.Visitor.Token);
        await response.ExpectAsync(400);
    }

    [Fact]
    public async Task Recommendations_AuthorisationMatrix()
    {
        var e = await SeedAsync();
        var other = await Scenario.RegisterVisitorAsync(_client, e.EventId);
        var url = $"/api/events/{e.EventId}/visitors/{e.Visitor.Id}/recommendations";

        await (await _client.SendAsync(HttpMethod.Get, url)).ExpectAsync(401);
        await (await _client.SendAsync(HttpMethod.Get, url, token: "not-a-token")).ExpectAsync(401);
        await (await _client.SendAsync(HttpMethod.Get, url, token: other.Token)).ExpectAsync(403);
        await (await _client.SendAsync(HttpMethod.Get, url, token: e.Both.Token)).ExpectAsync(403);
        await (await _client.SendAsync(HttpMethod.Get, url, token: e.Visitor.Token)).ExpectAsync(200);
        await (await _client.SendAsync(HttpMethod.Get, url, token: RegistrationApp.OrganiserKey)).ExpectAsync(200);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{e.EventId}/visitors/nosuchvisitor/recommendations",
            token: RegistrationApp.OrganiserKey)).ExpectAsync(404);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/nosuchevent/visitors/{e.Visitor.Id}/recommendations",
            token: RegistrationApp.OrganiserKey)).ExpectAsync(404);
        // An exhibitor id is not a visitor.
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{e.EventId}/visitors/{e.Both.Id}/recommendations",
            token: RegistrationApp.OrganiserKey)).ExpectAsync(404);
    }
}
