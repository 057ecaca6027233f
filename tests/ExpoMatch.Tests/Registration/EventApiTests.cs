using System.Net.Http.Headers;
using System.Text;

namespace ExpoMatch.Tests.Registration;

public sealed class EventApiTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task CreateEvent_SmartCityAsia_ReturnsEventWithSlotGridInEventOffset()
    {
        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(), RegistrationApp.OrganiserKey);

        var json = await response.ExpectAsync(201);
        var id = json["id"]!.GetValue<string>();
        Assert.Equal($"/api/events/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Asia/Ho_Chi_Minh", json["timeZone"]!.GetValue<string>());
        Assert.Equal("SECC, Hồ Chí Minh", json["venue"]!.GetValue<string>());
        var slots = json["slots"]!.AsArray();
        Assert.Equal(14, slots.Count);
        Assert.Equal("2099-05-26T02:00:00+00:00", slots[0]!["startUtc"]!.GetValue<string>());
        Assert.Equal("2099-05-26T09:00:00+07:00", slots[0]!["start"]!.GetValue<string>());
        Assert.Equal("2099-05-26T13:00:00+07:00", slots[6]!["start"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetEvent_AfterCreate_ReturnsSameEventToAnyone()
    {
        var id = await Scenario.CreateEventAsync(_client);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{id}")).ExpectAsync(200);

        Assert.Equal("Smart City Asia 2022", json["name"]!.GetValue<string>());
        Assert.True(json["registrationOpen"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/api/events/aaaaaaaaaaaaaaaa")]
    [InlineData("/api/events/NotAnId")]
    [InlineData("/api/events/a%2Fb")]
    [InlineData("/api/events/a%23b")]
    [InlineData("/api/events/a%3Fb")]
    [InlineData("/api/events/%27%20or%20true")]
    public async Task GetEvent_UnknownOrInvalidId_IsNotFoundProblem(string url)
    {
        var response = await _client.SendAsync(HttpMethod.Get, url);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("timeZone", "Asia/Saigon_Typo")]
    [InlineData("timeZone", "SE Asia Standard Time")]
    [InlineData("slotMinutes", 25)]
    [InlineData("slotMinutes", 600)]
    [InlineData("name", "")]
    [InlineData("registrationClosesAt", "2099-05-26T09:00:00")]
    [InlineData("registrationClosesAt", "1000-01-01T00:00:00Z")]
    [InlineData("registrationClosesAt", "9999-12-31T23:59:59-14:00")]
    public async Task CreateEvent_InvalidField_IsValidationProblemNamingTheField(string field, object value)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Scenario.EventBody(),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!;
        body[field] = System.Text.Json.Nodes.JsonValue.Create(value);

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", body.ToJsonString(), RegistrationApp.OrganiserKey);

        var json = await response.ExpectAsync(400);
        Assert.NotNull(json["errors"]![field]);
    }

    [Fact]
    public async Task CreateEvent_DayThatDoesNotFitSlots_IsFieldError()
    {
        const string body = """
            {"name":"X","venue":"Y","timeZone":"Asia/Ho_Chi_Minh","slotMinutes":45,
             "days":[{"date":"2099-05-26","start":"09:00","end":"10:00"}]}
            """;

        var json = await (await _client.SendAsync(HttpMethod.Post, "/api/events", body, RegistrationApp.OrganiserKey)).ExpectAsync(400);

        Assert.Contains("left over", json["errors"]!["slotMinutes"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2022-02-30")]
    [InlineData("26/05/2022")]
    public async Task CreateEvent_DateOutOfRangeOrMalformed_IsFieldError(string date)
    {
        var body = "{\"name\":\"X\",\"venue\":\"Y\",\"timeZone\":\"Pacific/Kiritimati\",\"slotMinutes\":30," +
                   "\"days\":[{\"date\":\"" + date + "\",\"start\":\"00:00\",\"end\":\"01:00\"}]}";

        var json = await (await _client.SendAsync(HttpMethod.Post, "/api/events", body, RegistrationApp.OrganiserKey)).ExpectAsync(400);

        Assert.NotNull(json["errors"]!["days[0].date"]);
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("{\"name\": 42}")]
    [InlineData("{\"slotMinutes\": \"thirty\"}")]
    [InlineData("{\"slotMinutes\": 1e99}")]
    [InlineData("{\"days\": {\"date\": 1}}")]
    [InlineData("{\"unknownField\": true}")]
    [InlineData("{\"name\": \"\\ud800\"}")]
    [InlineData("")]
    public async Task CreateEvent_MalformedOrWrongTypes_IsBadRequestProblem(string body)
    {
        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", body, RegistrationApp.OrganiserKey);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateEvent_NoBodyAtAll_IsBadRequestProblem()
    {
        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", token: RegistrationApp.OrganiserKey);

        await response.ExpectAsync(400);
    }

    [Fact]
    public async Task CreateEvent_InvalidUtf8_IsBadRequestProblem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/events", UriKind.Relative))
        {
            Content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RegistrationApp.OrganiserKey);

        var response = await _client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task CreateEvent_WrongContentType_IsUnsupportedMediaType(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/events", UriKind.Relative))
        {
            Content = new StringContent("{}", Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RegistrationApp.OrganiserKey);

        var response = await _client.SendAsync(request);

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateEvent_BodyOver64KiB_IsPayloadTooLarge()
    {
        var body = "{\"name\":\"" + new string('x', 70 * 1024) + "\"}";

        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", body, RegistrationApp.OrganiserKey);

        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task CreateEvent_HugeChunkedBody_IsPayloadTooLarge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/events", UriKind.Relative))
        {
            Content = new StreamContent(new MemoryStream(new byte[1024 * 1024])),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RegistrationApp.OrganiserKey);

        var response = await _client.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task CreateEvent_SecondConfiguredOrganiserKey_IsAccepted()
    {
        var response = await _client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(), RegistrationApp.SecondOrganiserKey);

        await response.ExpectAsync(201);
    }

    [Fact]
    public async Task UnknownRoute_IsNotFoundProblem()
    {
        var response = await _client.SendAsync(HttpMethod.Get, "/api/nothing-here");

        Assert.Equal(404, (int)response.StatusCode);
    }
}
