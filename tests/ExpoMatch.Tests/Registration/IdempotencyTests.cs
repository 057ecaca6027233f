using System.Net;
using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Registration;

public sealed class IdempotencyTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task SameKeySameBody_ReplaysFirstAnswer_AndRegistersOnce()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var body = Scenario.VisitorBody(Scenario.Email());
        var key = Guid.NewGuid().ToString();

        var first = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body, idempotencyKey: key);
        var second = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body, idempotencyKey: key);

        Assert.Equal(201, (int)first.StatusCode);
        Assert.Equal(201, (int)second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotency-Replayed"));
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
    }

    [Fact]
    public async Task SameKeyDifferentBody_IsUnprocessable()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var key = Guid.NewGuid().ToString();
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(Scenario.Email()), idempotencyKey: key)).ExpectAsync(201);

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(Scenario.Email()), idempotencyKey: key);

        await response.ExpectAsync(422);
    }

    [Fact]
    public async Task SameKeyOtherCaller_IsIndependent()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var key = Guid.NewGuid().ToString();
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", Scenario.ExhibitorBody(Scenario.Email()),
            RegistrationApp.OrganiserKey, key)).ExpectAsync(201);

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", Scenario.ExhibitorBody(Scenario.Email()),
            RegistrationApp.SecondOrganiserKey, key);

        await response.ExpectAsync(201);
    }

    [Fact]
    public async Task ErrorAnswers_AreReplayedToo()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var key = Guid.NewGuid().ToString();
        const string invalid = """{"name":"A","company":"B","email":"bad","tags":["x"]}""";

        var first = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", invalid, idempotencyKey: key);
        var second = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", invalid, idempotencyKey: key);

        Assert.Equal((400, 400), ((int)first.StatusCode, (int)second.StatusCode));
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ConcurrentRequestsWithSameKey_RunOnce()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var body = Scenario.VisitorBody(Scenario.Email());
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body, idempotencyKey: key)));

        // Each either got the one registration (first or replayed) or was told the first is still running.
        Assert.All(responses, r => Assert.Contains((int)r.StatusCode, new[] { 201, 409 }));
        var created = responses.Where(r => (int)r.StatusCode == 201).ToArray();
        Assert.NotEmpty(created);
        var ids = await Task.WhenAll(created.Select(async r => (await r.JsonAsync())["id"]!.GetValue<string>()));
        Assert.Single(ids.Distinct());
        Assert.All(responses.Where(r => (int)r.StatusCode == 409), r => Assert.NotNull(r.Headers.RetryAfter));
    }

    [Fact]
    public async Task EventCreation_WithKey_ReplaysLargeSlotGrid()
    {
        var key = Guid.NewGuid().ToString();
        var body = new
        {
            name = "Long expo", venue = "Hall", timeZone = "Asia/Bangkok", slotMinutes = 5,
            days = Enumerable.Range(1, 5).Select(d => new { date = $"2099-06-{d:00}", start = "08:00", end = "20:00" }),
        };

        var first = await _client.SendAsync(HttpMethod.Post, "/api/events", body, RegistrationApp.OrganiserKey, key);
        var second = await _client.SendAsync(HttpMethod.Post, "/api/events", body, RegistrationApp.OrganiserKey, key);

        Assert.Equal(201, (int)first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(720, (await second.JsonAsync())["slots"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("hash#inside")]
    public async Task InvalidKey_IsBadRequest(string key)
    {
        var eventId = await Scenario.CreateEventAsync(_client);

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(Scenario.Email()), idempotencyKey: key);

        await response.ExpectAsync(400);
    }

    [Fact]
    public async Task SameKeyOnAnotherEndpoint_IsUnprocessable()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var key = Guid.NewGuid().ToString();
        var body = Scenario.ExhibitorBody(Scenario.Email());
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", body, RegistrationApp.OrganiserKey, key)).ExpectAsync(201);

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(), RegistrationApp.OrganiserKey, key);

        await response.ExpectAsync(422);
    }
}

/// <summary>The claim row's life cycle, driven by seeding the Idempotency table the way a crashed or old request leaves it.</summary>
public sealed class IdempotencyClaimTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private const string Body = """{"name":"X","venue":"Y","timeZone":"Asia/Ho_Chi_Minh","slotMinutes":30,"days":[{"date":"2099-05-26","start":"09:00","end":"10:00"}]}""";

    /// <summary>What the filter hashes: method, path and body bytes.</summary>
    private static string HashOfBody() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes("POST\n/api/events\n" + Body)));

    private async Task SeedAsync(string key, string state, TimeSpan age, TimeSpan expiresIn, string? requestHash = null)
    {
        var table = app.Table("Idempotency");
        await table.CreateIfNotExistsAsync();
        var now = TimeProvider.System.GetUtcNow();
        await table.UpsertEntityAsync(new TableEntity(
            ExpoMatch.Functions.Security.Caller.HashCredential(RegistrationApp.OrganiserKey), key)
        {
            ["RequestHash"] = requestHash ?? "someone-else",
            ["State"] = state,
            ["CreatedAt"] = now - age,
            ["ExpiresAt"] = now + expiresIn,
            ["Status"] = 201,
            ["Chunks"] = 0,
        });
    }

    [Fact]
    public async Task FreshPendingClaimForSameRequest_AnswersConflictWithRetryAfter()
    {
        var key = Guid.NewGuid().ToString();
        await SeedAsync(key, "pending", TimeSpan.Zero, TimeSpan.FromHours(24), HashOfBody());

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Body, RegistrationApp.OrganiserKey, key);

        await response.ExpectAsync(409);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task FreshPendingClaimForAnotherRequest_IsUnprocessable()
    {
        var key = Guid.NewGuid().ToString();
        await SeedAsync(key, "pending", TimeSpan.Zero, TimeSpan.FromHours(24));

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Body, RegistrationApp.OrganiserKey, key);

        await response.ExpectAsync(422);
    }

    [Fact]
    public async Task AbandonedPendingClaim_IsTakenOver()
    {
        var key = Guid.NewGuid().ToString();
        await SeedAsync(key, "pending", TimeSpan.FromMinutes(10), TimeSpan.FromHours(24));

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(), RegistrationApp.OrganiserKey, key);

        await response.ExpectAsync(201);
    }

    [Fact]
    public async Task ExpiredAnswer_IsForgotten_SoTheKeyCanBeReused()
    {
        var key = Guid.NewGuid().ToString();
        await SeedAsync(key, "done", TimeSpan.FromHours(25), TimeSpan.FromMinutes(-60));

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(), RegistrationApp.OrganiserKey, key);

        await response.ExpectAsync(201);
    }

    [Fact]
    public async Task LiveAnswerForAnotherRequest_IsUnprocessable()
    {
        var key = Guid.NewGuid().ToString();
        await SeedAsync(key, "done", TimeSpan.FromHours(23), TimeSpan.FromHours(1));

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(), RegistrationApp.OrganiserKey, key);

        await response.ExpectAsync(422);
    }

    [Fact]
    public async Task StoredAnswer_IsKeptAtLeastTwentyFourHours()
    {
        var key = Guid.NewGuid().ToString();
        var before = TimeProvider.System.GetUtcNow();

        await (await _client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(), RegistrationApp.OrganiserKey, key)).ExpectAsync(201);

        var row = await app.Table("Idempotency").GetEntityOrNullAsync(
            ExpoMatch.Functions.Security.Caller.HashCredential(RegistrationApp.OrganiserKey), key);
        Assert.Equal("done", row!.GetString("State"));
        Assert.True(row.GetDateTimeOffset("ExpiresAt") >= before + TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task ACreateTheStoreAppliedBeforeTheSdkRetriedIt_IsDone_NotAConflict()
    {
        // What a retried try looks like when its first attempt timed out after landing: the same write again.
        var services = app.Services;
        var (expo, eventErrors) = EventValidation.Validate(new CreateEventRequest("Smart City Asia 2099", "SECC", "Asia/Ho_Chi_Minh",
            [new EventDayDto("2099-05-26", "09:00", "17:00")], 30, [], 1, 6, 20, false, null, null), Ids.New(), DateTimeOffset.UtcNow);
        Assert.Empty(eventErrors);
        var events = services.GetRequiredService<EventStore>();
        await events.CreateAsync(expo!, CancellationToken.None);
        await events.CreateAsync(expo!, CancellationToken.None);

        var store = services.GetRequiredService<ParticipantStore>();
        var (visitor, errors) = ParticipantValidation.Visitor(
            new VisitorFields("Nguyễn Văn An", "Công ty", null, Scenario.Email("retry"), ["IoT"], "vi", null), expo!, Ids.New(), new string('a', 64), DateTimeOffset.UtcNow);
        Assert.Empty(errors);
        Assert.Equal(ParticipantWrite.Done, await store.RegisterAsync(visitor!, CancellationToken.None));
        Assert.Equal(ParticipantWrite.Done, await store.RegisterAsync(visitor!, CancellationToken.None));

        // Another registration with the same address is still refused, whatever its id.
        var other = visitor! with { Id = Ids.New(), TokenHash = new string('b', 64) };
        Assert.Equal(ParticipantWrite.EmailTaken, await store.RegisterAsync(other, CancellationToken.None));
    }

    [Fact]
    public async Task RegistrationRetried_AfterItsFirstTryLandedUnanswered_GetsTheRegistrationWithANewToken_NotA409()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var key = Guid.NewGuid().ToString("N");
        var email = Scenario.Email("phone");
        var body = Scenario.VisitorBody(email);
        var first = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body, token: null, key)).ExpectAsync(201);
        var id = first["id"]!.GetValue<string>();
        var firstToken = first["accessToken"]!.GetValue<string>();

        // What a storage outage leaves: the registration landed, its idempotency record never completed (the claim
        // was released or timed out), and the phone never saw the answer.
        await app.Table("Idempotency").DeleteEntityAsync("anonymous", key);

        var retried = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body, token: null, key)).ExpectAsync(201);
        Assert.Equal(id, retried["id"]!.GetValue<string>());
        var token = retried["accessToken"]!.GetValue<string>();
        Assert.NotEqual(firstToken, token);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{id}", token: token)).ExpectAsync(200);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{id}", token: firstToken)).StatusCode);

        // Only that request: another key, no key, or the same key with another body still find the address taken.
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body, token: null, Guid.NewGuid().ToString("N"))).ExpectAsync(409);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body, token: null)).ExpectAsync(409);
        await app.Table("Idempotency").DeleteEntityAsync("anonymous", key);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(email, "Trần Thị Bích"), token: null, key)).ExpectAsync(409);
    }
}
