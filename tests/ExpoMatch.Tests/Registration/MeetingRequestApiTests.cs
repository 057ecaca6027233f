using ExpoMatch.Functions.Meetings;

namespace ExpoMatch.Tests.Registration;

public sealed class MeetingRequestApiTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<(string EventId, Registered Exhibitor, Registered Visitor)> SetUpAsync()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        return (eventId, await Scenario.RegisterExhibitorAsync(_client, eventId), await Scenario.RegisterVisitorAsync(_client, eventId));
    }

    private Task<HttpResponseMessage> Post(string eventId, string path, string token) =>
        _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{path}", token: token);

    [Fact]
    public async Task Create_ByVisitor_IsAcceptedAsPendingWithPairId()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests",
            new { exhibitorId = exhibitor.Id, priority = 1, note = "Chúng tôi muốn gặp\nvề IoT." }, visitor.Token);

        var json = await response.ExpectAsync(202);
        Assert.Equal($"{visitor.Id}-{exhibitor.Id}", json["id"]!.GetValue<string>());
        Assert.Equal("pending", json["status"]!.GetValue<string>());
        Assert.Equal(1, json["priority"]!.GetValue<int>());
        Assert.Equal($"/api/events/{eventId}/meeting-requests/{visitor.Id}-{exhibitor.Id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Create_Repeated_IsTheSameRequestWithNewPriority()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var first = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);

        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests",
            new { exhibitorId = exhibitor.Id, priority = 3 }, visitor.Token)).ExpectAsync(202);

        Assert.Equal(first, json["id"]!.GetValue<string>());
        Assert.Equal(3, json["priority"]!.GetValue<int>());
        var sent = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/meeting-requests", token: visitor.Token)).ExpectAsync(200);
        Assert.Single(sent["items"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"exhibitorId":"zzzzzzzzzzzzzzzz"}""", "exhibitorId")]
    [InlineData("""{"exhibitorId":"a/b#c?d"}""", "exhibitorId")]
    [InlineData("""{}""", "exhibitorId")]
    [InlineData("""{"exhibitorId":"EXHIBITOR","priority":4}""", "priority")]
    [InlineData("""{"exhibitorId":"EXHIBITOR","priority":0}""", "priority")]
    public async Task Create_InvalidBody_IsValidationProblem(string body, string field)
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();

        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests",
            body.Replace("EXHIBITOR", exhibitor.Id, StringComparison.Ordinal), visitor.Token)).ExpectAsync(400);

        Assert.NotNull(json["errors"]![field]);
    }

    [Fact]
    public async Task Create_NoteTooLong_IsValidationProblem()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();

        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests",
            new { exhibitorId = exhibitor.Id, note = new string('ý', 1001) }, visitor.Token)).ExpectAsync(400);

        Assert.NotNull(json["errors"]!["note"]);
    }

    [Fact]
    public async Task Accept_ByExhibitor_ChangesStatusAndQueuesMatcherWork()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);

        var json = await (await Post(eventId, $"{requestId}/accept", exhibitor.Token)).ExpectAsync(200);

        Assert.Equal("accepted", json["status"]!.GetValue<string>());
        var work = Assert.IsType<MeetingRequestAccepted>(Assert.Single(await app.DrainMatchingWorkAsync(eventId)));
        Assert.Equal((requestId, visitor.Id, exhibitor.Id), (work.RequestId, work.VisitorId, work.ExhibitorId));
    }

    [Fact]
    public async Task Decline_ThenRequestAgain_IsConflict()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);

        await (await Post(eventId, $"{requestId}/decline", exhibitor.Token)).ExpectAsync(200);
        var again = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests", new { exhibitorId = exhibitor.Id }, visitor.Token);

        await again.ExpectAsync(409);
        Assert.IsType<MeetingRequestDeclined>(Assert.Single(await app.DrainMatchingWorkAsync(eventId)));
    }

    [Fact]
    public async Task Cancel_ByVisitor_ThenDecisionsAreConflicts_AndRequestingAgainReopens()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);
        await (await Post(eventId, $"{requestId}/accept", exhibitor.Token)).ExpectAsync(200);

        var cancelled = await (await Post(eventId, $"{requestId}/cancel", visitor.Token)).ExpectAsync(200);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        await (await Post(eventId, $"{requestId}/accept", exhibitor.Token)).ExpectAsync(409);

        var reopened = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests",
            new { exhibitorId = exhibitor.Id }, visitor.Token)).ExpectAsync(202);
        Assert.Equal("pending", reopened["status"]!.GetValue<string>());
        var work = await app.DrainMatchingWorkAsync(eventId);
        Assert.Equal([typeof(MeetingRequestAccepted), typeof(MeetingRequestCancelled)], work.Select(w => w.GetType()).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
    }

    [Fact]
    public async Task Delete_ByVisitor_CancelsLikePostCancel()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);

        var json = await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/meeting-requests/{requestId}", token: visitor.Token)).ExpectAsync(200);

        Assert.Equal("cancelled", json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_Declined_IsConflict()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);
        await (await Post(eventId, $"{requestId}/decline", exhibitor.Token)).ExpectAsync(200);

        await (await Post(eventId, $"{requestId}/cancel", visitor.Token)).ExpectAsync(409);
    }

    [Fact]
    public async Task Accept_Twice_IsIdempotentAndResendsWork()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);

        await (await Post(eventId, $"{requestId}/accept", exhibitor.Token)).ExpectAsync(200);
        await (await Post(eventId, $"{requestId}/accept", exhibitor.Token)).ExpectAsync(200);

        Assert.Equal(2, (await app.DrainMatchingWorkAsync(eventId)).Count);
    }

    [Theory]
    [InlineData("zzzzzzzzzzzzzzzz-EXHIBITOR")]
    [InlineData("not-a-valid-id-at-all")]
    [InlineData("nodash")]
    public async Task Accept_UnknownRequest_IsNotFound(string requestId)
    {
        var (eventId, exhibitor, _) = await SetUpAsync();

        var response = await Post(eventId, $"{requestId.Replace("EXHIBITOR", exhibitor.Id, StringComparison.Ordinal)}/accept", exhibitor.Token);

        await response.ExpectAsync(404);
    }

    [Fact]
    public async Task ListReceived_ShowsRequestsToThisExhibitorOnly()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        var other = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var second = await Scenario.RegisterVisitorAsync(_client, eventId);
        await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);
        await Scenario.RequestMeetingAsync(_client, eventId, second, exhibitor);
        await Scenario.RequestMeetingAsync(_client, eventId, visitor, other);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}/meeting-requests", token: exhibitor.Token)).ExpectAsync(200);

        var visitors = json["items"]!.AsArray().Select(i => i!["visitorId"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { visitor.Id, second.Id }.Order(StringComparer.Ordinal), visitors);
    }

    [Fact]
    public async Task Create_ForWithdrawnExhibitor_IsValidationProblem()
    {
        var (eventId, exhibitor, visitor) = await SetUpAsync();
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}", token: exhibitor.Token)).ExpectAsync(204);

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests", new { exhibitorId = exhibitor.Id }, visitor.Token);

        await response.ExpectAsync(400);
    }
}
