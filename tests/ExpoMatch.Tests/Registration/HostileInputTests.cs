namespace ExpoMatch.Tests.Registration;

/// <summary>Whatever a client sends to an endpoint with a body, the answer is a 4xx problem, never a 500.</summary>
public sealed class HostileInputTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    // For a visitor PATCH, null means "unchanged": this and {} are valid no-op updates there.
    private const string AllNull = "{\"name\":null,\"company\":null,\"email\":null,\"tags\":null}";

    private static readonly string[] Bodies =
    [
        "", " ", "null", "true", "42", "\"text\"", "[]", "[{}]", "{", "}", "{}", "{\"a\":", "{'name':'single quotes'}",
        AllNull,
        "{\"tags\":{}}", "{\"tags\":[1,2,3]}", "{\"tags\":[null]}", "{\"tags\":[[]]}", "{\"availability\":\"always\"}",
        "{\"availability\":[null,{}]}", "{\"availability\":[{\"start\":1,\"end\":2}]}",
        "{\"tables\":1.5}", "{\"tables\":-1}", "{\"tables\":99999999999}", "{\"priority\":\"high\"}", "{\"exhibitorId\":42}",
        "{\"days\":[null]}", "{\"days\":[{\"date\":\"2099-05-26\",\"start\":\"25:00\",\"end\":\"26:00\"}]}", "{\"breaks\":{}}",
        "{\"slotMinutes\":-30}", "{\"slotMinutes\":0}", "{\"timeZone\":\"../../etc/passwd\"}", "{\"timeZone\":\"\"}",
        "{\"email\":\"" + new string('a', 300) + "@example.com\"}", "{\"name\":\"\\u0000\"}",
        new string('[', 5000) + new string(']', 5000),
        "{\"a\":" + new string('1', 400) + "}",
    ];

    private static readonly (string Method, string Path, string Caller)[] Endpoints =
    [
        ("POST", "/api/events", "organiser"),
        ("POST", "/api/events/{A}/exhibitors", "organiser"),
        ("POST", "/api/events/{A}/visitors", "none"),
        ("PATCH", "/api/events/{A}/exhibitors/{X}", "X"),
        ("PATCH", "/api/events/{A}/visitors/{V}", "V"),
        ("POST", "/api/events/{A}/meeting-requests", "V"),
    ];

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (var e = 0; e < Endpoints.Length; e++)
        {
            for (var b = 0; b < Bodies.Length; b++)
            {
                data.Add(e, b);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AnyBody_IsAProblemNotAServerError(int endpoint, int body)
    {
        var (method, path, caller) = Endpoints[endpoint];
        var world = await WorldAsync();
        var token = caller switch
        {
            "organiser" => RegistrationApp.OrganiserKey,
            "X" => world.Exhibitor.Token,
            "V" => world.Visitor.Token,
            _ => null,
        };
        var url = path.Replace("{A}", world.EventId, StringComparison.Ordinal)
            .Replace("{X}", world.Exhibitor.Id, StringComparison.Ordinal)
            .Replace("{V}", world.Visitor.Id, StringComparison.Ordinal);

        var response = await _client.SendAsync(new HttpMethod(method), url, Bodies[body], token);

        var status = (int)response.StatusCode;
        var validNoOp = method == "PATCH" && (Bodies[body] == "{}" || (Bodies[body] == AllNull && path.Contains("visitors", StringComparison.Ordinal)));
        Assert.True(validNoOp ? status == 200 : status is >= 400 and < 500,
            $"{method} {path} with body #{body}: {status} {await response.Content.ReadAsStringAsync()}");
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private sealed record World(string EventId, Registered Exhibitor, Registered Visitor);

    private async Task<World> WorldAsync()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        return new World(eventId, await Scenario.RegisterExhibitorAsync(_client, eventId), await Scenario.RegisterVisitorAsync(_client, eventId));
    }
}
