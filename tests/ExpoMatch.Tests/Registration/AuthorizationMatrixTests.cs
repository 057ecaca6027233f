namespace ExpoMatch.Tests.Registration;

/// <summary>
/// Every endpoint against every kind of caller: no token, another participant of the same event, a participant of
/// another event, the owner (the participant the resource belongs to, or the one the endpoint is for), the organiser.
/// Each row builds its own two events so a write in one row cannot change another row's outcome.
/// </summary>
public sealed class AuthorizationMatrixTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    /// <summary>
    /// Callers by role: X, X2 exhibitors and V, V2 visitors of event A (exhibitors by approval); XP an exhibitor of A
    /// that registered itself and awaits approval, XR one the organiser rejected; XB, VB of event B; R = V's request to X;
    /// M1 = V's meeting with X (X proposed moving it), M2 = V's meeting with X2.
    /// </summary>
    private sealed record World(string A, Dictionary<string, Registered> People, string RequestId, string M1 = "", string M2 = "")
    {
        public string? Token(string role) => role switch
        {
            "none" => null,
            "organiser" => RegistrationApp.OrganiserKey,
            _ => People[role].Token,
        };

        public string Expand(string path) => path
            .Replace("{A}", A, StringComparison.Ordinal)
            .Replace("{X}", People["X"].Id, StringComparison.Ordinal)
            .Replace("{V}", People["V"].Id, StringComparison.Ordinal)
            .Replace("{XP}", People["XP"].Id, StringComparison.Ordinal)
            .Replace("{XR}", People["XR"].Id, StringComparison.Ordinal)
            .Replace("{R}", RequestId, StringComparison.Ordinal)
            .Replace("{M1}", M1, StringComparison.Ordinal)
            .Replace("{M2}", M2, StringComparison.Ordinal);
    }

    private sealed record Endpoint(string Method, string Path, string Owner, string Other, string OtherEvent, int[] Expected, Func<World, object?>? Body = null);

    private const int Ok = 200, Created = 201, Accepted = 202, NoContent = 204, Unauthorized = 401, Forbidden = 403, Conflict = 409;

    // Expected statuses in caller order: none, other participant (same event), participant of another event, owner, organiser.
    private static readonly Dictionary<string, Endpoint> Endpoints = new()
    {
        ["CreateEvent"] = new("POST", "/api/events", "V", "X", "VB", [Unauthorized, Forbidden, Forbidden, Forbidden, Created], _ => Scenario.EventBody()),
        ["GetEvent"] = new("GET", "/api/events/{A}", "V", "X", "VB", [Ok, Ok, Ok, Ok, Ok]),
        // Event A takes exhibitors by approval: anyone may register one (pending; the organiser's are active).
        ["RegisterExhibitor"] = new("POST", "/api/events/{A}/exhibitors", "X", "V", "XB", [Created, Created, Created, Created, Created], _ => ExhibitorSignup.Body()),
        ["ApproveExhibitor"] = new("POST", "/api/events/{A}/exhibitors/{XP}/approve", "XP", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Forbidden, Ok]),
        ["RejectExhibitor"] = new("POST", "/api/events/{A}/exhibitors/{XP}/reject", "XP", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Forbidden, Ok], _ => new { reason = "Hết chỗ" }),
        ["GetPendingExhibitor"] = new("GET", "/api/events/{A}/exhibitors/{XP}", "XP", "XR", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["UpdatePendingExhibitor"] = new("PATCH", "/api/events/{A}/exhibitors/{XP}", "XP", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok], _ => new { company = "Tên mới" }),
        ["ExportPendingExhibitor"] = new("GET", "/api/events/{A}/exhibitors/{XP}/export", "XP", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["WithdrawPendingExhibitor"] = new("DELETE", "/api/events/{A}/exhibitors/{XP}", "XP", "X2", "XB", [Unauthorized, Forbidden, Forbidden, NoContent, NoContent]),
        ["DirectoryAsPending"] = new("GET", "/api/events/{A}/exhibitors", "XP", "XR", "XB", [Unauthorized, Forbidden, Forbidden, Forbidden, Ok]),
        ["GetRejectedExhibitor"] = new("GET", "/api/events/{A}/exhibitors/{XR}", "XR", "XP", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["UpdateRejectedExhibitor"] = new("PATCH", "/api/events/{A}/exhibitors/{XR}", "XR", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Conflict, Ok], _ => new { company = "Tên mới" }),
        ["ExportRejectedExhibitor"] = new("GET", "/api/events/{A}/exhibitors/{XR}/export", "XR", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["WithdrawRejectedExhibitor"] = new("DELETE", "/api/events/{A}/exhibitors/{XR}", "XR", "X2", "XB", [Unauthorized, Forbidden, Forbidden, NoContent, NoContent]),
        ["RequestsOfPendingExhibitor"] = new("GET", "/api/events/{A}/exhibitors/{XP}/meeting-requests", "XP", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["RegisterVisitor"] = new("POST", "/api/events/{A}/visitors", "V", "X", "VB", [Created, Created, Created, Created, Created], _ => Scenario.VisitorBody(Scenario.Email())),
        ["GetExhibitor"] = new("GET", "/api/events/{A}/exhibitors/{X}", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["UpdateExhibitor"] = new("PATCH", "/api/events/{A}/exhibitors/{X}", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok], _ => new { company = "Tên mới" }),
        ["WithdrawExhibitor"] = new("DELETE", "/api/events/{A}/exhibitors/{X}", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, NoContent, NoContent]),
        ["ExportExhibitor"] = new("GET", "/api/events/{A}/exhibitors/{X}/export", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["ExhibitorSchedule"] = new("GET", "/api/events/{A}/exhibitors/{X}/schedule", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["ExhibitorRequests"] = new("GET", "/api/events/{A}/exhibitors/{X}/meeting-requests", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["GetVisitor"] = new("GET", "/api/events/{A}/visitors/{V}", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["UpdateVisitor"] = new("PATCH", "/api/events/{A}/visitors/{V}", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Ok], _ => new { jobTitle = "CEO" }),
        ["WithdrawVisitor"] = new("DELETE", "/api/events/{A}/visitors/{V}", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, NoContent, NoContent]),
        ["ExportVisitor"] = new("GET", "/api/events/{A}/visitors/{V}/export", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["VisitorSchedule"] = new("GET", "/api/events/{A}/visitors/{V}/schedule", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["VisitorRequests"] = new("GET", "/api/events/{A}/visitors/{V}/meeting-requests", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["Directory"] = new("GET", "/api/events/{A}/exhibitors", "V", "X2", "VB", [Unauthorized, Ok, Forbidden, Ok, Ok]),
        ["RequestMeeting"] = new("POST", "/api/events/{A}/meeting-requests", "V", "X", "VB", [Unauthorized, Forbidden, Forbidden, Accepted, Forbidden], w => new { exhibitorId = w.People["X2"].Id }),
        ["GetMeetingRequest"] = new("GET", "/api/events/{A}/meeting-requests/{R}", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["AcceptMeetingRequest"] = new("POST", "/api/events/{A}/meeting-requests/{R}/accept", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Forbidden]),
        ["DeclineMeetingRequest"] = new("POST", "/api/events/{A}/meeting-requests/{R}/decline", "X", "X2", "XB", [Unauthorized, Forbidden, Forbidden, Ok, Forbidden]),
        ["CancelMeetingRequest"] = new("POST", "/api/events/{A}/meeting-requests/{R}/cancel", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Forbidden]),
        ["DeleteMeetingRequest"] = new("DELETE", "/api/events/{A}/meeting-requests/{R}", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Forbidden]),
        ["ProposeReschedule"] = new("POST", "/api/events/{A}/meetings/{M2}/reschedule", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Created, Forbidden], _ => new { slot = 9 }),
        ["GetReschedule"] = new("GET", "/api/events/{A}/meetings/{M1}/reschedule", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Ok]),
        ["AcceptReschedule"] = new("POST", "/api/events/{A}/meetings/{M1}/reschedule/accept", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Forbidden]),
        ["DeclineReschedule"] = new("POST", "/api/events/{A}/meetings/{M1}/reschedule/decline", "V", "V2", "VB", [Unauthorized, Forbidden, Forbidden, Ok, Forbidden]),
    };

    private static readonly string[] Callers = ["none", "other participant", "other event", "owner", "organiser"];

    public static TheoryData<string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (name, endpoint) in Endpoints)
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                data.Add(name, Callers[i], endpoint.Expected[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_ForCaller_AnswersExpectedStatus(string endpointName, string caller, int expected)
    {
        var endpoint = Endpoints[endpointName];
        var world = await BuildWorldAsync();
        var role = caller switch
        {
            "other participant" => endpoint.Other,
            "other event" => endpoint.OtherEvent,
            "owner" => endpoint.Owner,
            _ => caller,
        };

        var response = await _client.SendAsync(new HttpMethod(endpoint.Method), world.Expand(endpoint.Path),
            endpoint.Body?.Invoke(world), world.Token(role));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == (int)response.StatusCode, $"{endpointName} as {caller}: expected {expected}, got {(int)response.StatusCode} {text}");
        if (expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer aaaaaaaaaaaaaaaa.visitor.bbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccc")]
    public async Task InvalidCredential_IsUnauthorizedEvenWhereAnonymousIsAllowed(string header)
    {
        var world = await BuildWorldAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/events/{world.A}", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var response = await _client.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedTokenSecret_IsUnauthorized()
    {
        var world = await BuildWorldAsync();
        var token = world.People["V"].Token;
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");

        var response = await _client.SendAsync(HttpMethod.Get, $"/api/events/{world.A}/visitors/{world.People["V"].Id}", token: tampered);

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task VisitorOfTheRequest_CannotAcceptIt()
    {
        var world = await BuildWorldAsync();

        var response = await _client.SendAsync(HttpMethod.Post, world.Expand("/api/events/{A}/meeting-requests/{R}/accept"), token: world.Token("V"));

        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task ParticipantAskingAboutUnknownId_IsForbiddenNotNotFound()
    {
        var world = await BuildWorldAsync();

        var response = await _client.SendAsync(HttpMethod.Get, $"/api/events/{world.A}/visitors/zzzzzzzzzzzzzzzz", token: world.Token("V"));

        Assert.Equal(403, (int)response.StatusCode);
    }

    [Fact]
    public async Task ProposerOfAReschedule_CannotAcceptIt()
    {
        var world = await BuildWorldAsync();

        var response = await _client.SendAsync(HttpMethod.Post, world.Expand("/api/events/{A}/meetings/{M1}/reschedule/accept"), token: world.Token("X"));

        Assert.Equal(403, (int)response.StatusCode);
    }

    private async Task<World> BuildWorldAsync()
    {
        var a = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var b = await Scenario.CreateEventAsync(_client);
        var people = new Dictionary<string, Registered>
        {
            ["X"] = await Scenario.RegisterExhibitorAsync(_client, a),
            ["X2"] = await Scenario.RegisterExhibitorAsync(_client, a),
            ["V"] = await Scenario.RegisterVisitorAsync(_client, a),
            ["V2"] = await Scenario.RegisterVisitorAsync(_client, a),
            ["XB"] = await Scenario.RegisterExhibitorAsync(_client, b),
            ["VB"] = await Scenario.RegisterVisitorAsync(_client, b),
            ["XP"] = await ExhibitorSignup.SelfRegisterAsync(_client, a),
            ["XR"] = await ExhibitorSignup.SelfRegisterAsync(_client, a),
        };
        await ExhibitorSignup.RejectAsync(_client, a, people["XR"].Id);
        var requestId = await Scenario.RequestMeetingAsync(_client, a, people["V"], people["X"]);
        var meetings = app.Table(Functions.Meetings.MeetingRow.TableName);
        var m1 = await Meetings.HybridScenario.BookAsync(meetings, a, people["V"], people["X"], slot: 1);
        var m2 = await Meetings.HybridScenario.BookAsync(meetings, a, people["V"], people["X2"], slot: 2, visitorQuota: 1);
        await (await Meetings.HybridScenario.ProposeAsync(_client, a, m1, 7, people["X"])).ExpectAsync(201);
        return new World(a, people, requestId, m1, m2);
    }
}
