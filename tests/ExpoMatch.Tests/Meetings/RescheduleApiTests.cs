using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Matching.Matcher;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Meetings;

/// <summary>
/// Reschedule through the HTTP API on Azurite: a party proposes another slot, the other accepts (the meeting moves in
/// one transaction: same id and calendar UID, SEQUENCE+1, the reservations follow) or declines; one open proposal per
/// meeting; impossible proposals are refused or declined with the reason.
/// </summary>
public sealed class RescheduleApiTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private TableClient Meetings => app.Table(MeetingRow.TableName);

    private async Task<(string EventId, Registered Visitor, Registered Exhibitor, string MeetingId)> BookedMeetingAsync(int tables = 1)
    {
        var eventId = await HybridScenario.CreateEventAsync(_client, tables);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var meetingId = await HybridScenario.BookAsync(Meetings, eventId, visitor, exhibitor, slot: 1);
        return (eventId, visitor, exhibitor, meetingId);
    }

    [Fact]
    public async Task VisitorProposes_ExhibitorAccepts_MeetingMovesWithSameId_SequenceGrows_ReservationsFollow()
    {
        var (eventId, visitor, exhibitor, meetingId) = await BookedMeetingAsync();

        var proposed = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(201);
        Assert.Equal("open", proposed["status"]!.GetValue<string>());
        Assert.Equal("visitor", proposed["proposedBy"]!.GetValue<string>());
        Assert.Equal(1, proposed["fromSlot"]!.GetValue<int>());
        Assert.Equal(7, proposed["slot"]!.GetValue<int>());
        Assert.Equal(1, proposed["meetingSlot"]!.GetValue<int>()); // nothing moves before the answer
        var seen = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meetings/{meetingId}/reschedule", token: exhibitor.Token)).ExpectAsync(200);
        Assert.Equal("open", seen["status"]!.GetValue<string>());

        var accepted = await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", exhibitor)).ExpectAsync(200);

        Assert.Equal("accepted", accepted["status"]!.GetValue<string>());
        Assert.Equal(7, accepted["meetingSlot"]!.GetValue<int>());
        Assert.Equal(1, accepted["meetingSequence"]!.GetValue<int>());
        var meeting = await HybridScenario.ReadAsync(Meetings, eventId, meetingId);
        Assert.Equal((7, 1, 1, MeetingStatus.Booked), (meeting.Slot, meeting.Table, meeting.Sequence, meeting.Status));
        var rows = await EventRows.ReadAsync(app, eventId);
        rows.AssertConsistent(maxPerVisitor: 6, maxPerExhibitor: 20); // old slot's rows gone, new ones held by the meeting
        Assert.Contains(rows.Reservations, r => r.RowKey == MeetingRow.VisitorBusyRowKey(7, visitor.Id));
        Assert.DoesNotContain(rows.Reservations, r => r.RowKey == MeetingRow.VisitorBusyRowKey(1, visitor.Id));

        var schedule = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/schedule", token: visitor.Token)).ExpectAsync(200);
        Assert.Equal(7, schedule["meetings"]![0]!["slot"]!.GetValue<int>());

        // Accepting again (a retry) answers the same and moves nothing.
        var again = await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", exhibitor)).ExpectAsync(200);
        Assert.Equal(1, again["meetingSequence"]!.GetValue<int>());
    }

    [Fact]
    public async Task SecondProposal_WhileOneIsOpen_IsConflict_TheSameProposalAgainIsAnsweredAsBefore()
    {
        var (eventId, visitor, exhibitor, meetingId) = await BookedMeetingAsync();
        await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(201);

        var repeat = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(201);
        var other = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 8, exhibitor)).ExpectAsync(409);

        Assert.Equal(1, repeat["number"]!.GetValue<int>());
        Assert.Contains("open proposal", other["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Once declined, a new proposal (number 2) can be made.
        var declined = await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "decline", exhibitor)).ExpectAsync(200);
        Assert.Equal("declined", declined["status"]!.GetValue<string>());
        var second = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 8, exhibitor)).ExpectAsync(201);
        Assert.Equal(2, second["number"]!.GetValue<int>());
        Assert.Equal(1, (await HybridScenario.ReadAsync(Meetings, eventId, meetingId)).Slot);
    }

    [Fact]
    public async Task Proposer_CannotAccept_ButMayWithdraw()
    {
        var (eventId, visitor, _, meetingId) = await BookedMeetingAsync();
        await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(201);

        await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", visitor)).ExpectAsync(403);
        var withdrawn = await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "decline", visitor)).ExpectAsync(200);

        Assert.Equal("withdrawn", withdrawn["status"]!.GetValue<string>());
        Assert.Equal(0, (await HybridScenario.ReadAsync(Meetings, eventId, meetingId)).Sequence);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(14)]
    [InlineData(1)] // the meeting's own slot
    public async Task Proposal_OfAnInvalidSlot_IsAFieldError(int slot)
    {
        var (eventId, visitor, _, meetingId) = await BookedMeetingAsync();

        var problem = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, slot, visitor)).ExpectAsync(400);

        Assert.NotNull(problem["errors"]!["slot"]);
    }

    [Fact]
    public async Task Proposal_IntoASlotTheVisitorIsBusy_OrTheBoothIsFull_IsConflictWithTheReason()
    {
        var (eventId, visitor, exhibitor, meetingId) = await BookedMeetingAsync();
        var otherExhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var otherVisitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        await HybridScenario.BookAsync(Meetings, eventId, visitor, otherExhibitor, slot: 3, visitorQuota: 1);
        await HybridScenario.BookAsync(Meetings, eventId, otherVisitor, exhibitor, slot: 4, exhibitorQuota: 1);

        var busy = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 3, visitor)).ExpectAsync(409);
        var full = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 4, visitor)).ExpectAsync(409);

        Assert.Contains("visitor has another meeting", busy["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("no free table", full["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acceptance_AfterTheSlotWasTaken_DeclinesTheProposalWithTheReason_AndMovesNothing()
    {
        var (eventId, visitor, exhibitor, meetingId) = await BookedMeetingAsync();
        await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, exhibitor)).ExpectAsync(201);
        var otherExhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        await HybridScenario.BookAsync(Meetings, eventId, visitor, otherExhibitor, slot: 7, visitorQuota: 1);

        var refused = await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", visitor)).ExpectAsync(409);

        Assert.Contains("visitor has another meeting", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var proposal = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meetings/{meetingId}/reschedule", token: visitor.Token)).ExpectAsync(200);
        Assert.Equal("declined", proposal["status"]!.GetValue<string>());
        Assert.Contains("visitor has another meeting", proposal["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, (await HybridScenario.ReadAsync(Meetings, eventId, meetingId)).Slot);
        (await EventRows.ReadAsync(app, eventId)).AssertConsistent(6, 20);
    }

    [Fact]
    public async Task Proposal_OnAFreedMeeting_ReadsAsDeclined_AndCannotBeAccepted()
    {
        var (eventId, visitor, exhibitor, meetingId) = await BookedMeetingAsync();
        await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(201);
        var booker = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MeetingBooker>(app.Services);
        Assert.Equal(FreeOutcome.Freed, await booker.FreeAsync(await HybridScenario.ReadAsync(Meetings, eventId, meetingId), MeetingStatus.Cancelled, CancellationToken.None));

        var refused = await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", exhibitor)).ExpectAsync(409);
        var proposal = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meetings/{meetingId}/reschedule", token: RegistrationApp.OrganiserKey)).ExpectAsync(200);

        Assert.Contains("cancelled", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("declined", proposal["status"]!.GetValue<string>());
        Assert.DoesNotContain((await EventRows.ReadAsync(app, eventId)).Reservations, r => r.RowKey.StartsWith("busy~7~", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Proposal_ForAnEventWhoseSlotsHaveStarted_IsConflict()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client, date: "2022-05-26");
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        // Registration of a past event is closed to visitors; the organiser may still register one.
        var json = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors",
            Scenario.VisitorBody(Scenario.Email("v")), RegistrationApp.OrganiserKey)).ExpectAsync(201);
        var visitor = new Registered(json["id"]!.GetValue<string>(), json["accessToken"]!.GetValue<string>(), json);
        var meetingId = await HybridScenario.BookAsync(Meetings, eventId, visitor, exhibitor, slot: 1);

        var problem = await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(409);

        Assert.Contains("already started", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMeeting_Is404_AndAMeetingWithoutProposalHasNone()
    {
        var (eventId, visitor, _, meetingId) = await BookedMeetingAsync();

        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meetings/{meetingId}/reschedule", token: visitor.Token)).ExpectAsync(404);
        await (await HybridScenario.ProposeAsync(_client, eventId, $"{visitor.Id}-zzzzzzzzzzzzzzzz-0", 7, visitor)).ExpectAsync(404);
        await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", visitor)).ExpectAsync(404);
    }
}
