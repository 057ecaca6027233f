using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Tests.Registration;

public sealed class ParticipantApiTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("Nguyễn Thị Minh Khai", "Công ty Cổ phần Đô thị Thông minh Việt Nam")]
    [InlineData("สมชาย ศรีสุข", "บริษัท สมาร์ทซิตี้ จำกัด")]
    [InlineData("王小明", "深圳智慧城市科技有限公司")]
    [InlineData("Иван Петров", "ООО «Умный город»")]
    [InlineData("O'Brien \"Bob\" 😀", "Ⅻ Ｆｕｌｌ-width & Co.")]
    public async Task RegisterVisitor_NamesInAnyScript_RoundTripExactly(string name, string company)
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var body = new { name, company, email = Scenario.Email(), tags = new[] { "智慧城市" } };

        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId, body);
        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}", token: visitor.Token)).ExpectAsync(200);

        Assert.Equal(name, json["name"]!.GetValue<string>());
        Assert.Equal(company, json["company"]!.GetValue<string>());
        Assert.Null(json["accessToken"]);
        Assert.StartsWith($"{eventId}.visitor.{visitor.Id}.", visitor.Token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterExhibitor_ByOrganiser_ReturnsTokenOnceAndDefaultsTablesFromEvent()
    {
        var eventId = await Scenario.CreateEventAsync(_client);

        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);

        Assert.Equal(2, exhibitor.Body["tables"]!.GetValue<int>());
        Assert.Equal("vi", exhibitor.Body["language"]!.GetValue<string>());
        var again = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}", token: RegistrationApp.OrganiserKey)).ExpectAsync(200);
        Assert.Null(again["accessToken"]);
    }

    [Fact]
    public async Task Register_SameEmailDifferentCase_IsConflictAndLeavesNothing()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var email = Scenario.Email();
        await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(email));

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(email.ToUpperInvariant()));

        await response.ExpectAsync(409);
    }

    [Fact]
    public async Task Register_SameEmailAsExhibitor_IsConflict()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var email = Scenario.Email();
        await Scenario.RegisterExhibitorAsync(_client, eventId, Scenario.ExhibitorBody(email));

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(email));

        await response.ExpectAsync(409);
    }

    [Fact]
    public async Task Register_SameEmailInAnotherEvent_IsAllowed()
    {
        var email = Scenario.Email();
        await Scenario.RegisterVisitorAsync(_client, await Scenario.CreateEventAsync(_client), Scenario.VisitorBody(email));

        await Scenario.RegisterVisitorAsync(_client, await Scenario.CreateEventAsync(_client), Scenario.VisitorBody(email));
    }

    [Fact]
    public async Task Register_TenConcurrentWithSameEmail_ExactlyOneWins()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var email = Scenario.Email();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(email))));

        Assert.Equal(1, responses.Count(r => (int)r.StatusCode == 201));
        Assert.Equal(9, responses.Count(r => (int)r.StatusCode == 409));
    }

    [Fact]
    public async Task Register_AfterRegistrationCloses_IsConflict()
    {
        var eventId = await Scenario.CreateEventAsync(_client, registrationClosesAt: "2022-05-01T00:00:00+07:00");

        var response = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(Scenario.Email()));

        var json = await response.ExpectAsync(409);
        Assert.Contains("closed", json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("visitors/a%2Fb")]
    [InlineData("exhibitors/a%23b")]
    [InlineData("visitors/a%3Fb/export")]
    [InlineData("meeting-requests/a%2Fb-c")]
    [InlineData("meeting-requests/%27%20or%20%27%27%3D%27")]
    public async Task InvalidIdsInPath_AreNotFoundProblems(string path)
    {
        var eventId = await Scenario.CreateEventAsync(_client);

        var response = await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/{path}", token: RegistrationApp.OrganiserKey);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DotSegmentsInPath_AreNormalisedAway_AndMatchNoFunction()
    {
        // "/exhibitors/%2E%2E/schedule" is "/schedule" under the event once the server normalises the path: no function
        // has that route, so the host answers 404 itself (as the Functions host does, without a body of ours).
        var eventId = await Scenario.CreateEventAsync(_client);

        var response = await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors/%2E%2E/schedule", token: RegistrationApp.OrganiserKey);

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Register_UnknownEvent_IsNotFound()
    {
        var response = await _client.SendAsync(HttpMethod.Post, "/api/events/zzzzzzzzzzzzzzzz/visitors", Scenario.VisitorBody(Scenario.Email()));

        await response.ExpectAsync(404);
    }

    public static TheoryData<string, string> InvalidVisitorFields => new()
    {
        { """{"name":"A","company":"B","email":"not-an-email","tags":["x"]}""", "email" },
        { """{"name":"A","company":"B","email":"a@example.com","tags":[]}""", "tags" },
        { """{"name":"A","company":"B","email":"a@example.com"}""", "tags" },
        { """{"name":"A","company":"B","email":"a@example.com","tags":["x",""]}""", "tags[1]" },
        { """{"name":"","company":"B","email":"a@example.com","tags":["x"]}""", "name" },
        { """{"company":"B","email":"a@example.com","tags":["x"]}""", "name" },
        { "{\"name\":\"" + new string('n', 201) + "\",\"company\":\"B\",\"email\":\"a@example.com\",\"tags\":[\"x\"]}", "name" },
        { """{"name":"A\u0000","company":"B","email":"a@example.com","tags":["x"]}""", "name" },
        { """{"name":"A","company":"B","email":"a@example.com","tags":["x"],"language":"not a language"}""", "language" },
        { """{"name":"A","company":"B","email":"a@example.com","tags":["x"],"availability":[{"start":"2099-05-26T09:00:00","end":"2099-05-26T12:00:00+07:00"}]}""", "availability[0].start" },
        { """{"name":"A","company":"B","email":"a@example.com","tags":["x"],"availability":[{"start":"2099-05-26T12:00:00+07:00","end":"2099-05-26T09:00:00+07:00"}]}""", "availability[0].end" },
        { """{"name":"A","company":"B","email":"a@example.com","tags":["x"],"availability":[{"start":"2023-05-26T09:00:00+07:00","end":"2023-05-26T12:00:00+07:00"}]}""", "availability[0]" },
    };

    [Theory]
    [MemberData(nameof(InvalidVisitorFields))]
    public async Task RegisterVisitor_InvalidField_IsValidationProblemForThatField(string body, string field)
    {
        var eventId = await Scenario.CreateEventAsync(_client);

        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body)).ExpectAsync(400);

        Assert.NotNull(json["errors"]?[field]);
    }

    [Fact]
    public async Task RegisterVisitor_ThirtyOneTags_IsValidationProblem()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var body = Scenario.VisitorBody(Scenario.Email(), "A", [.. Enumerable.Range(0, 31).Select(i => $"tag {i}")]);

        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", body)).ExpectAsync(400);

        Assert.NotNull(json["errors"]!["tags"]);
    }

    [Fact]
    public async Task RegisterVisitor_Availability_IsShownInEventOffset()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var body = new
        {
            name = "A", company = "B", email = Scenario.Email(), tags = new[] { "x" },
            availability = new[] { new { start = "2099-05-26T02:00:00Z", end = "2099-05-26T12:00:00+07:00" } },
        };

        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId, body);

        Assert.Equal("2099-05-26T09:00:00+07:00", visitor.Body["availability"]![0]!["start"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_ChangesSentFieldsOnly()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);

        var json = await (await _client.SendAsync(HttpMethod.Patch, $"/api/events/{eventId}/visitors/{visitor.Id}",
            new { jobTitle = "Giám đốc", tags = new[] { "Năng lượng" } }, visitor.Token)).ExpectAsync(200);

        Assert.Equal("Giám đốc", json["jobTitle"]!.GetValue<string>());
        Assert.Equal(["Năng lượng"], json["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(visitor.Body["name"]!.GetValue<string>(), json["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_EmailToOneAlreadyRegistered_IsConflict_AndOldEmailStaysGuarded()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var taken = Scenario.Email();
        await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(taken));
        var mine = Scenario.Email();
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(mine));

        await (await _client.SendAsync(HttpMethod.Patch, $"/api/events/{eventId}/visitors/{visitor.Id}", new { email = taken }, visitor.Token)).ExpectAsync(409);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", Scenario.VisitorBody(mine))).ExpectAsync(409);
    }

    [Fact]
    public async Task Patch_NewEmail_FreesTheOldOne()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var old = Scenario.Email();
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(old));

        await (await _client.SendAsync(HttpMethod.Patch, $"/api/events/{eventId}/visitors/{visitor.Id}", new { email = Scenario.Email() }, visitor.Token)).ExpectAsync(200);

        await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(old));
    }

    [Fact]
    public async Task Patch_InvalidField_IsValidationProblem()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);

        var json = await (await _client.SendAsync(HttpMethod.Patch, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}",
            new { tables = 0 }, exhibitor.Token)).ExpectAsync(400);

        Assert.NotNull(json["errors"]!["tables"]);
    }

    [Fact]
    public async Task Patch_BoothCodeOrTablesByTheExhibitor_IsForbiddenAndLeavesTheProfileUnchanged()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var booth = exhibitor.Body["boothCode"]!.GetValue<string>();
        var url = $"/api/events/{eventId}/exhibitors/{exhibitor.Id}";

        var problem = await (await _client.SendAsync(HttpMethod.Patch, url, new { boothCode = "Z-99", tables = 3 }, exhibitor.Token)).ExpectAsync(403);

        Assert.Equal(403, problem["status"]!.GetValue<int>());
        var after = await (await _client.SendAsync(HttpMethod.Get, url, token: RegistrationApp.OrganiserKey)).ExpectAsync(200);
        Assert.Equal(booth, after["boothCode"]!.GetValue<string>());
        Assert.Equal(exhibitor.Body["tables"]!.GetValue<int>(), after["tables"]!.GetValue<int>());

        await (await _client.SendAsync(HttpMethod.Patch, url, new { tables = 3 }, exhibitor.Token)).ExpectAsync(403);

        // Sending back the booth code and tables they already have (a whole-profile client) is not a change.
        var tables = exhibitor.Body["tables"]!.GetValue<int>();
        var same = await (await _client.SendAsync(HttpMethod.Patch, url, new { boothCode = booth, tables, company = "Tên mới" }, exhibitor.Token)).ExpectAsync(200);
        Assert.Equal("Tên mới", same["company"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_BoothCodeByTheOrganiser_ChangesIt()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var url = $"/api/events/{eventId}/exhibitors/{exhibitor.Id}";

        var json = await (await _client.SendAsync(HttpMethod.Patch, url, new { boothCode = "Z-99" }, RegistrationApp.OrganiserKey)).ExpectAsync(200);

        Assert.Equal("Z-99", json["boothCode"]!.GetValue<string>());
        var after = await (await _client.SendAsync(HttpMethod.Get, url, token: exhibitor.Token)).ExpectAsync(200);
        Assert.Equal("Z-99", after["boothCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdraw_ErasesPersonalData_CancelsRequests_FreesEmail_AndTellsMatcher()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var email = Scenario.Email();
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(email));
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/visitors/{visitor.Id}", token: visitor.Token)).ExpectAsync(204);

        // The token no longer works, the organiser sees no profile, the email can register again.
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}", token: visitor.Token)).ExpectAsync(401);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}", token: RegistrationApp.OrganiserKey)).ExpectAsync(404);
        await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(email));

        // Nothing personal is left in the stored row; the request is cancelled and its note erased.
        var row = await app.Table("Participants").GetEntityOrNullAsync(eventId, $"visitor~{visitor.Id}");
        Assert.NotNull(row);
        Assert.Equal("withdrawn", row.GetString("Status"));
        Assert.All(new[] { "Name", "Company", "JobTitle", "Email", "Tags", "NormalisedTags", "TokenHash", "EmailHash", "Availability" },
            p => Assert.False(row.ContainsKey(p), p));
        var request = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meeting-requests/{requestId}", token: exhibitor.Token)).ExpectAsync(200);
        Assert.Equal("cancelled", request["status"]!.GetValue<string>());
        Assert.Null(request["note"]);

        var work = await app.DrainMatchingWorkAsync(eventId);
        var withdrawn = Assert.IsType<ParticipantWithdrawn>(Assert.Single(work));
        Assert.Equal((visitor.Id, "visitor"), (withdrawn.ParticipantId, withdrawn.ParticipantKind));
    }

    [Fact]
    public async Task Withdraw_Repeated_ByOrganiser_ResendsWorkAndSucceeds()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}", token: RegistrationApp.OrganiserKey)).ExpectAsync(204);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}", token: RegistrationApp.OrganiserKey)).ExpectAsync(204);

        Assert.Equal(2, (await app.DrainMatchingWorkAsync(eventId)).Count);
    }

    [Fact]
    public async Task Export_ReturnsProfileRequestsAndMeetings()
    {
        var eventId = await Scenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, exhibitor);
        await MeetingSeed.BookAsync(app, eventId, "m1", visitor.Id, exhibitor.Id, slot: 3, table: 1);

        var json = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/export", token: visitor.Token)).ExpectAsync(200);

        Assert.Equal(visitor.Id, json["visitor"]!["id"]!.GetValue<string>());
        Assert.Equal(visitor.Body["email"]!.GetValue<string>(), json["visitor"]!["email"]!.GetValue<string>());
        Assert.Null(json["exhibitor"]);
        Assert.Equal(requestId, json["meetingRequests"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("m1", json["meetings"]![0]!["id"]!.GetValue<string>());
    }
}
