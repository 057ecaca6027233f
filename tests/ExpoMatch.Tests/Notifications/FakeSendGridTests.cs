using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExpoMatch.Benchmarks.Email;

namespace ExpoMatch.Tests.Notifications;

/// <summary>The fake must reject what SendGrid rejects, or the client tests would prove nothing.</summary>
public sealed class FakeSendGridTests : IAsyncLifetime
{
    private const string Valid = """
        {"personalizations":[{"to":[{"email":"a@example.com","name":"A"}]}],"from":{"email":"f@example.com"},"subject":"s",
         "content":[{"type":"text/plain","value":"t"},{"type":"text/html","value":"<p>h</p>"}],
         "attachments":[{"content":"QkVHSU46VkNBTEVOREFS","filename":"schedule.ics","type":"text/calendar; method=REQUEST"}]}
        """;

    private FakeSendGrid _fake = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeSendGrid.StartAsync();
        _http = new HttpClient { BaseAddress = _fake.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Post_WhenValid_Answers202WithMessageIdAndRecords()
    {
        using var response = await PostAsync(Valid);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = Assert.Single(response.Headers.GetValues("X-Message-Id"));
        Assert.Equal(id, Assert.Single(_fake.Accepted).XMessageId);
        Assert.Equal(1, _fake.AcceptedCount);
    }

    [Fact]
    public async Task Post_WithoutBearerKey_Answers401()
    {
        using var response = await PostAsync(Valid, apiKey: "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _fake.AcceptedCount);
    }

    [Theory]
    [InlineData("""{"personalizations":[],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/plain","value":"t"}]}""", "personalizations")]
    [InlineData("""{"personalizations":[{"to":[]}],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/plain","value":"t"}]}""", "personalizations.0.to")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"subject":"s","content":[{"type":"text/plain","value":"t"}]}""", "from")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"name":"x"},"subject":"s","content":[{"type":"text/plain","value":"t"}]}""", "from.email")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/html","value":"h"},{"type":"text/plain","value":"t"}]}""", "content")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"f@example.com"},"subject":"s"}""", "content")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"},{"email":"A@example.com"}]}],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/plain","value":"t"}]}""", "personalizations.0.to")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com","name":"Doe; J"}]}],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/plain","value":"t"}]}""", "personalizations.0.to.name")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/plain","value":"t"}],"attachments":[{"content":"not base64!","filename":"a.ics"}]}""", "attachments.0.content")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/plain","value":"t"}],"categories":["1","2","3","4","5","6","7","8","9","10","11"]}""", "categories")]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"f@example.com"},"content":[{"type":"text/plain","value":"t"}]}""", "subject")]
    public async Task Post_WhenSchemaViolated_Answers400WithSendGridShapedError(string body, string field)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var fields = errors.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains(field, fields);
        Assert.All(errors.RootElement.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
        Assert.Equal(0, _fake.AcceptedCount);
    }

    [Fact]
    public async Task Post_WhenMoreThan1000Recipients_Answers400()
    {
        var to = string.Join(",", Enumerable.Range(0, 1001).Select(i => $$"""{"email":"r{{i}}@example.com"}"""));
        var body = $$"""{"personalizations":[{"to":[{{to}}]}],"from":{"email":"f@example.com"},"subject":"s","content":[{"type":"text/plain","value":"t"}]}""";

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_WhenToldToRateLimit_Answers429WithResetHeadersThenRecovers()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        _fake.RateLimitNext(2, reset);

        using var first = await PostAsync(Valid);
        using var second = await PostAsync(Valid);
        using var third = await PostAsync(Valid);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal("1900000000", Assert.Single(first.Headers.GetValues("X-RateLimit-Reset")));
        Assert.Equal("0", Assert.Single(first.Headers.GetValues("X-RateLimit-Remaining")));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        Assert.Equal(3, _fake.RequestCount);
    }

    [Fact]
    public async Task Post_WhenToldToFail_AnswersThatStatusForNextRequestsOnly()
    {
        _fake.FailNext(1, 503);

        using var first = await PostAsync(Valid);
        using var second = await PostAsync(Valid);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string apiKey = FakeSendGrid.ApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/mail/send") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await _http.SendAsync(request);
    }
}
