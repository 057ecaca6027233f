using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ExpoMatch.Functions.Matching;
using ExpoMatch.Functions.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Registration;

/// <summary>
/// Exhibitors registering themselves through the API (no credential), in each exhibitorRegistration mode; the
/// organiser's review; booth codes unique per event, enforced by a guard row in the registration's transaction.
/// </summary>
public sealed class ExhibitorSelfRegistrationTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private const string Organiser = RegistrationApp.OrganiserKey;
    private readonly HttpClient _client = app.CreateClient();

    private async Task<List<string>> DirectoryIdsAsync(string eventId)
    {
        var page = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors?limit=100", token: Organiser)).ExpectAsync(200);
        return [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    [Fact]
    public async Task OpenEvent_AnyoneRegistersAnExhibitor_ActiveAtOnceWithTokenShownOnce()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open");

        var exhibitor = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("C-07"));

        Assert.Equal("active", exhibitor.Body["status"]!.GetValue<string>());
        Assert.Equal("C-07", exhibitor.Body["boothCode"]!.GetValue<string>());
        Assert.Equal(2, exhibitor.Body["tables"]!.GetValue<int>());
        Assert.Contains(exhibitor.Id, await DirectoryIdsAsync(eventId));
        var own = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}", token: exhibitor.Token)).ExpectAsync(200);
        Assert.Null(own["accessToken"]);
    }

    [Fact]
    public async Task EventsDefaultToOpenExhibitorRegistration()
    {
        var body = ExhibitorSignup.EventBody();
        var json = await (await _client.SendAsync(HttpMethod.Post, "/api/events", body.ToJsonString(), Organiser)).ExpectAsync(201);

        Assert.Equal("open", json["exhibitorRegistration"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApprovalEvent_SelfRegisteredExhibitor_IsPending_HiddenAndUnrequestable_ButEditsItsProfile()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var pending = await ExhibitorSignup.SelfRegisterAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var url = $"/api/events/{eventId}/exhibitors/{pending.Id}";

        Assert.Equal("pending", pending.Body["status"]!.GetValue<string>());
        Assert.DoesNotContain(pending.Id, await DirectoryIdsAsync(eventId));
        var request = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests",
            new { exhibitorId = pending.Id }, visitor.Token)).ExpectAsync(400);
        Assert.NotNull(request["errors"]!["exhibitorId"]);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors", token: pending.Token)).ExpectAsync(403);

        var edited = await (await _client.SendAsync(HttpMethod.Patch, url, new { company = "Đô thị Xanh JSC" }, pending.Token)).ExpectAsync(200);
        Assert.Equal("Đô thị Xanh JSC", edited["company"]!.GetValue<string>());
        Assert.Equal("pending", edited["status"]!.GetValue<string>());
        await (await _client.SendAsync(HttpMethod.Patch, url, new { tables = 5 }, pending.Token)).ExpectAsync(403);
        var export = await (await _client.SendAsync(HttpMethod.Get, url + "/export", token: pending.Token)).ExpectAsync(200);
        Assert.Equal("pending", export["exhibitor"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task PendingExhibitor_IsNeverInTheMatchersSnapshot()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var pending = await ExhibitorSignup.SelfRegisterAsync(_client, eventId);
        var active = await Scenario.RegisterExhibitorAsync(_client, eventId);

        var expo = (await app.Services.GetRequiredService<EventStore>().GetAsync(eventId, CancellationToken.None))!;
        var snapshot = await EventSnapshot.LoadAsync(expo, app.Services.GetRequiredService<RegistrationTables>(), CancellationToken.None);

        Assert.Equal([active.Id], snapshot.Exhibitors.Select(e => e.Id));
        Assert.DoesNotContain(pending.Id, snapshot.Exhibitors.Select(e => e.Id));
    }

    [Fact]
    public async Task Approve_MakesThePendingExhibitorActive_Requestable_AndRepeatingItChangesNothing()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var pending = await ExhibitorSignup.SelfRegisterAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);

        var approved = await ExhibitorSignup.ApproveAsync(_client, eventId, pending.Id);
        var again = await ExhibitorSignup.ApproveAsync(_client, eventId, pending.Id);

        Assert.Equal("active", approved["status"]!.GetValue<string>());
        Assert.Equal(approved.ToJsonString(), again.ToJsonString());
        Assert.Contains(pending.Id, await DirectoryIdsAsync(eventId));
        await Scenario.RequestMeetingAsync(_client, eventId, visitor, pending);
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors", token: pending.Token)).ExpectAsync(200);
        // The organiser may not reject an exhibitor it already admitted: it withdraws it instead.
        var conflict = await ExhibitorSignup.RejectAsync(_client, eventId, pending.Id, expected: 409);
        Assert.Contains("withdraw", conflict["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_ShowsTheReason_FreesTheBooth_ForbidsEdits_ButAllowsExportAndWithdrawal()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var rejected = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("R-1"));
        var url = $"/api/events/{eventId}/exhibitors/{rejected.Id}";

        var json = await ExhibitorSignup.RejectAsync(_client, eventId, rejected.Id, "Chỉ dành cho doanh nghiệp đô thị thông minh.");

        Assert.Equal("rejected", json["status"]!.GetValue<string>());
        Assert.Equal("Chỉ dành cho doanh nghiệp đô thị thông minh.", json["rejectionReason"]!.GetValue<string>());
        Assert.Equal("", json["boothCode"]!.GetValue<string>());
        var own = await (await _client.SendAsync(HttpMethod.Get, url, token: rejected.Token)).ExpectAsync(200);
        Assert.Equal("rejected", own["status"]!.GetValue<string>());
        Assert.Equal("Chỉ dành cho doanh nghiệp đô thị thông minh.", own["rejectionReason"]!.GetValue<string>());
        await (await _client.SendAsync(HttpMethod.Patch, url, new { company = "Khác" }, rejected.Token)).ExpectAsync(409);
        await (await _client.SendAsync(HttpMethod.Get, url + "/export", token: rejected.Token)).ExpectAsync(200);
        Assert.DoesNotContain(rejected.Id, await DirectoryIdsAsync(eventId));
        // Its booth code went back to the event.
        await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("R-1"));
        await (await _client.SendAsync(HttpMethod.Delete, url, token: rejected.Token)).ExpectAsync(204);
        await (await _client.SendAsync(HttpMethod.Get, url, token: Organiser)).ExpectAsync(404);
    }

    [Fact]
    public async Task Reject_WithoutAReason_IsAFieldError()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var pending = await ExhibitorSignup.SelfRegisterAsync(_client, eventId);

        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors/{pending.Id}/reject", new { reason = "  " }, Organiser)).ExpectAsync(400);

        Assert.NotNull(json["errors"]!["reason"]);
    }

    [Fact]
    public async Task ApprovingARejectedExhibitor_AdmitsIt()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var exhibitor = await ExhibitorSignup.SelfRegisterAsync(_client, eventId);
        await ExhibitorSignup.RejectAsync(_client, eventId, exhibitor.Id);

        var json = await ExhibitorSignup.ApproveAsync(_client, eventId, exhibitor.Id);

        Assert.Equal("active", json["status"]!.GetValue<string>());
        Assert.Null(json["rejectionReason"]);
    }

    [Fact]
    public async Task OrganiserMode_RefusesSelfRegistration_ButTheOrganiserRegistersInEveryMode()
    {
        var organiserOnly = await ExhibitorSignup.CreateEventAsync(_client, "organiser");
        var approval = await ExhibitorSignup.CreateEventAsync(_client, "approval");

        var refused = await ExhibitorSignup.SelfRegisterAsync(_client, organiserOnly, expected: 403);
        var byOrganiser = await Scenario.RegisterExhibitorAsync(_client, organiserOnly);
        var admitted = await Scenario.RegisterExhibitorAsync(_client, approval);

        Assert.Contains("organiser", refused.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("active", byOrganiser.Body["status"]!.GetValue<string>());
        Assert.Equal("active", admitted.Body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task SelfRegistration_CannotChooseTables()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open");

        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors",
            new { company = "Co", contactName = "A", email = Scenario.Email(), tags = new[] { "IoT" }, tables = 9 })).ExpectAsync(400);

        Assert.NotNull(json["errors"]!["tables"]);
    }

    [Fact]
    public async Task SameEmailTwice_IsConflict_AndFieldErrorsAreReported()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var email = Scenario.Email();
        await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body(email: email));

        await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body(email: email.ToUpperInvariant()), expected: 409);
        var invalid = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, new { company = "", email = "nope", tags = Array.Empty<string>() }, expected: 400);

        var errors = invalid.Body["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("company") && errors.ContainsKey("email") && errors.ContainsKey("contactName") && errors.ContainsKey("tags"), errors.ToJsonString());
    }

    [Fact]
    public async Task SelfRegistration_WithAnIdempotencyKey_AnswersTheSameExhibitorTwice()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var key = "self-" + Guid.NewGuid().ToString("N");
        var body = ExhibitorSignup.Body();

        var first = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", body, idempotencyKey: key)).ExpectAsync(201);
        var second = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", body, idempotencyKey: key)).ExpectAsync(201);

        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task BoothCode_HeldByAnother_IsConflict_ComparedIgnoringCaseAndWidth()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open");
        var other = await ExhibitorSignup.CreateEventAsync(_client, "open");
        await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("A12"));

        var taken = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("ａ１２"), expected: 409);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", ExhibitorSignup.Body(" a12 "), Organiser)).ExpectAsync(409);
        await ExhibitorSignup.SelfRegisterAsync(_client, other, ExhibitorSignup.Body("A12"));

        Assert.Contains("booth", taken.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoothCode_AskedForConcurrently_IsGivenToExactlyOne()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", ExhibitorSignup.Body("HOT-1"))));

        Assert.Equal(1, responses.Count(r => (int)r.StatusCode == 201));
        Assert.Equal(7, responses.Count(r => (int)r.StatusCode == 409));
        Assert.Single(await DirectoryIdsAsync(eventId));
    }

    [Fact]
    public async Task OrganiserMovesABoothCode_TheOldCodeIsFreed_AndSetsTables()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open");
        var first = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("B-1"));
        var second = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("B-2"));
        var url = $"/api/events/{eventId}/exhibitors/{first.Id}";

        await (await _client.SendAsync(HttpMethod.Patch, url, new { boothCode = "B-2" }, Organiser)).ExpectAsync(409);
        var moved = await (await _client.SendAsync(HttpMethod.Patch, url, new { boothCode = "B-3", tables = 4 }, Organiser)).ExpectAsync(200);

        Assert.Equal("B-3", moved["boothCode"]!.GetValue<string>());
        Assert.Equal(4, moved["tables"]!.GetValue<int>());
        await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("B-1"));
        await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("B-3"), expected: 409);
        var unchanged = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/exhibitors/{second.Id}", token: second.Token)).ExpectAsync(200);
        Assert.Equal("B-2", unchanged["boothCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdrawal_FreesTheBoothCode_AndLeavesNoGuardRow()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "open");
        var exhibitor = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("W-9"));

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/exhibitors/{exhibitor.Id}", token: exhibitor.Token)).ExpectAsync(204);

        var guards = new List<TableEntity>();
        await foreach (var row in app.Table(RegistrationTables.Participants).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge {"booth~"} and RowKey lt {"booth\u007f"}")))
        {
            guards.Add(row);
        }

        Assert.Empty(guards);
        await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("W-9"));
    }

    [Fact]
    public async Task ReviewEndpoints_ForUnknownOrWithdrawnExhibitors_AreNotFound()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var gone = await ExhibitorSignup.SelfRegisterAsync(_client, eventId);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/exhibitors/{gone.Id}", token: gone.Token)).ExpectAsync(204);

        await ExhibitorSignup.ApproveAsync(_client, eventId, gone.Id, expected: 404);
        await ExhibitorSignup.RejectAsync(_client, eventId, "zzzzzzzzzzzzzzzz", expected: 404);
    }
}
