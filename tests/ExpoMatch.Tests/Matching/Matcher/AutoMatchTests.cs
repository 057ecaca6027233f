using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Matching.Matcher;

public sealed class AutoMatchTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<(string EventId, Registered Exhibitor, Registered Best, Registered Next)> TwoCandidatesForOneSlotAsync()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 1, autoMatch: true);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId,
            Scenario.ExhibitorBody(Scenario.Email(), "Công ty Đô thị Xanh", "Đô thị thông minh", "IoT", "Giao thông"));
        var best = await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(Scenario.Email(), "Somchai", "đô thị THÔNG MINH", "iot"));
        var next = await Scenario.RegisterVisitorAsync(_client, eventId, Scenario.VisitorBody(Scenario.Email(), "Иван", "IoT"));
        return (eventId, exhibitor, best, next);
    }

    private Task ProposeAsync(string eventId) => MatcherRunner.SendAsync(app, new AutoMatchRequested(eventId, DateTimeOffset.UtcNow));

    [Fact]
    public async Task AutoMatch_ProposesTheBestTagMatchWithSharedTagsAsReasons()
    {
        var (eventId, exhibitor, best, _) = await TwoCandidatesForOneSlotAsync();

        await ProposeAsync(eventId);
        await MatcherRunner.DrainAsync(app);

        var rows = await EventRows.ReadAsync(app, eventId);
        var proposal = Assert.Single(rows.Live);
        Assert.Equal((best.Id, exhibitor.Id, MeetingStatus.Proposed, ""), (proposal.VisitorId, proposal.ExhibitorId, proposal.Status, proposal.RequestId));
        Assert.Equal(["iot", "đô thị thông minh"], proposal.Reasons.Order(StringComparer.Ordinal));
        rows.AssertConsistent(6, 20);
        var schedule = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{best.Id}/schedule", token: best.Token)).ExpectAsync(200);
        Assert.Equal("proposed", schedule["meetings"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeclinedProposal_FreesTheSlotForTheNextCandidate_AndIsNeverProposedAgain()
    {
        var (eventId, exhibitor, best, next) = await TwoCandidatesForOneSlotAsync();
        await ProposeAsync(eventId);
        await MatcherRunner.DrainAsync(app);
        var proposal = Assert.Single((await EventRows.ReadAsync(app, eventId)).Live);

        var declined = await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meetings/{proposal.MeetingId}/decline", token: best.Token)).ExpectAsync(200);
        Assert.Equal(("declined", 1), (declined["status"]!.GetValue<string>(), declined["sequence"]!.GetValue<int>()));
        await MatcherRunner.DrainAsync(app);
        await ProposeAsync(eventId);
        await MatcherRunner.DrainAsync(app);

        var rows = await EventRows.ReadAsync(app, eventId);
        var nextProposal = Assert.Single(rows.Live);
        Assert.Equal((next.Id, exhibitor.Id, 0), (nextProposal.VisitorId, nextProposal.ExhibitorId, nextProposal.Slot));
        Assert.Equal(MeetingStatus.Declined, rows.Meetings.Single(m => m.VisitorId == best.Id).Status);
        rows.AssertConsistent(6, 20);

        // The exhibitor declines the second one too: nobody is left to propose, the declined pairs stay declined.
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meetings/{nextProposal.MeetingId}/decline", token: exhibitor.Token)).ExpectAsync(200);
        await MatcherRunner.DrainAsync(app);
        var final = await EventRows.ReadAsync(app, eventId);
        Assert.Empty(final.Live);
        Assert.Empty(final.Reservations);
    }

    [Fact]
    public async Task DeclineProposal_ByAnotherParticipant_IsForbidden_AndABookedMeetingCannotBeDeclinedHere()
    {
        var (eventId, exhibitor, best, next) = await TwoCandidatesForOneSlotAsync();
        await ProposeAsync(eventId);
        await MatcherRunner.DrainAsync(app);
        var proposal = Assert.Single((await EventRows.ReadAsync(app, eventId)).Live);

        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meetings/{proposal.MeetingId}/decline", token: next.Token)).ExpectAsync(403);
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meetings/{best.Id}-{exhibitor.Id}-7/decline", token: best.Token)).ExpectAsync(404);

        // The visitor requests the proposed exhibitor and the exhibitor accepts: the proposal becomes the booked meeting.
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, best, exhibitor);
        await MatcherRunner.DrainAsync(app);
        var booked = Assert.Single((await EventRows.ReadAsync(app, eventId)).Live);
        Assert.Equal((proposal.MeetingId, MeetingStatus.Booked, 1), (booked.MeetingId, booked.Status, booked.Sequence));
        await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meetings/{proposal.MeetingId}/decline", token: exhibitor.Token)).ExpectAsync(409);
    }
}
