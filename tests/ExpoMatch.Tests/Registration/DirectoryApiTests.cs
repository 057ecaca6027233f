namespace ExpoMatch.Tests.Registration;

public sealed class DirectoryApiTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Directory_TagFilter_MatchesNormalisedFormInAnyScript()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var smart = await Scenario.RegisterExhibitorAsync(_client, eventId, Scenario.ExhibitorBody(Scenario.Email(), "A", "Đô thị thông minh"));
        await Scenario.RegisterExhibitorAsync(_client, eventId, Scenario.ExhibitorBody(Scenario.Email(), "B", "Năng lượng"));
        var russian = await Scenario.RegisterExhibitorAsync(_client, eventId, Scenario.ExhibitorBody(Scenario.Email(), "C", "Умный Город"));
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);

        var vietnamese = await (await _client.SendAsync(HttpMethod.Get,
            $"/api/events/{eventId}/exhibitors?tag={Uri.EscapeDataString("đô thị  THÔNG MINH")}", token: visitor.Token)).ExpectAsync(200);
        var cyrillic = await (await _client.SendAsync(HttpMethod.Get,
            $"/api/events/{eventId}/exhibitors?tag={Uri.EscapeDataString("УМНЫЙ  город")}", token: visitor.Token)).ExpectAsync(200);

        Assert.Equal([smart.Id], vietnamese["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(["Đô thị thông minh"], vietnamese["items"]![0]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal([russian.Id], cyrillic["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Directory_NeverShowsEmailsOrContactNames()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var email = Scenario.Email();
        await Scenario.RegisterExhibitorAsync(_client, eventId, Scenario.ExhibitorBody(email));

        var response = await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors", token: RegistrationApp.OrganiserKey);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.DoesNotContain(email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Nguyễn Thị Lan", text, StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_ManyExhibitors_PagesThroughAllExactlyOnce_SkippingWithdrawn()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var registered = new List<string>();
        foreach (var chunk in Enumerable.Range(0, 75).Chunk(15))
        {
            var batch = await Task.WhenAll(chunk.Select(_ => Scenario.RegisterExhibitorAsync(_client, eventId)));
            registered.AddRange(batch.Select(b => b.Id));
        }

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/exhibitors/{registered[0]}", token: RegistrationApp.OrganiserKey)).ExpectAsync(204);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = $"/api/events/{eventId}/exhibitors?limit=30" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await _client.SendAsync(HttpMethod.Get, url, token: RegistrationApp.OrganiserKey)).ExpectAsync(200);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(registered.Skip(1).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.InRange(pages, 3, 4);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1000", "limit")]
    [InlineData("continuationToken=bm90LWEtdG9rZW4", "continuationToken")]
    [InlineData("continuationToken=%2F%23%3F", "continuationToken")]
    [InlineData("tag=%20%20", "tag")]
    public async Task Directory_InvalidQuery_IsValidationProblem(string query, string field)
    {
        var eventId = await Scenario.CreateEventAsync(_client);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors?{query}", token: RegistrationApp.OrganiserKey)).ExpectAsync(400);

        Assert.NotNull(json["errors"]![field]);
    }
}
