using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Matching.Matcher;

public sealed class MatcherTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<System.Text.Json.Nodes.JsonArray> ScheduleAsync(string eventId, string kind, Registered who) =>
        (await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/{kind}/{who.Id}/schedule", token: who.Token)).ExpectAsync(200))["meetings"]!.AsArray();

    [Fact]
    public async Task Accepted_DeliveredTwice_BooksOneMeetingShownInBothSchedulesInEventTime()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 4);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var requestId = await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, exhibitor);
        var work = await app.DrainMatchingWorkAsync(eventId);
        foreach (var message in work.Concat(work))
        {
            await MatcherRunner.SendAsync(app, message);
        }

        Assert.Equal(2, await MatcherRunner.DrainAsync(app));

        var meeting = Assert.Single(await ScheduleAsync(eventId, "visitors", visitor))!;
        Assert.Equal("2099-05-26T09:00:00+07:00", meeting["start"]!.GetValue<string>());
        Assert.Equal("2099-05-26T09:30:00+07:00", meeting["end"]!.GetValue<string>());
        Assert.Equal("booked", meeting["status"]!.GetValue<string>());
        Assert.Equal(exhibitor.Id, meeting["exhibitorId"]!.GetValue<string>());
        var theirs = Assert.Single(await ScheduleAsync(eventId, "exhibitors", exhibitor))!;
        Assert.Equal(meeting["id"]!.GetValue<string>(), theirs["id"]!.GetValue<string>());
        var rows = await EventRows.ReadAsync(app, eventId);
        Assert.Equal(requestId, Assert.Single(rows.Meetings).RequestId);
        rows.AssertConsistent(6, 20);
    }

    [Fact]
    public async Task Accepted_NoCommonSlot_MarksUnplaced_ThenDeclineOfAnotherFreesTheSlotForIt()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 1);
        var first = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var second = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var firstRequest = await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, first);
        await MatcherRunner.DrainAsync(app);
        var secondRequest = await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, second);
        await MatcherRunner.DrainAsync(app);

        var waiting = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meeting-requests/{secondRequest}", token: visitor.Token)).ExpectAsync(200);
        Assert.Equal("unplaced", waiting["placement"]!.GetValue<string>());
        Assert.Equal(first.Id, Assert.Single(await ScheduleAsync(eventId, "visitors", visitor))!["exhibitorId"]!.GetValue<string>());

        await MatcherScenario.DecideAsync(_client, eventId, firstRequest, "decline", first);
        await MatcherRunner.DrainAsync(app);

        var schedule = await ScheduleAsync(eventId, "visitors", visitor);
        var cancelled = Assert.Single(schedule, m => m!["status"]!.GetValue<string>() == "cancelled")!;
        Assert.Equal(first.Id, cancelled["exhibitorId"]!.GetValue<string>());
        var booked = Assert.Single(schedule, m => m!["status"]!.GetValue<string>() == "booked")!;
        Assert.Equal((second.Id, 0), (booked["exhibitorId"]!.GetValue<string>(), booked["slot"]!.GetValue<int>()));
        var placed = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meeting-requests/{secondRequest}", token: visitor.Token)).ExpectAsync(200);
        Assert.Null(placed["placement"]);
        var rows = await EventRows.ReadAsync(app, eventId);
        Assert.Equal(1, rows.Meetings.Single(m => m.Status == MeetingStatus.Cancelled).Sequence);
        rows.AssertConsistent(6, 20);
        rows.AssertAcceptedRequestsSettled(await MatcherScenario.EventAsync(app, eventId));
    }

    [Fact]
    public async Task Cancelled_AfterBooking_FreesTheMeetingAsACancelWithNewSequence()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 2);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var requestId = await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, exhibitor);
        await MatcherRunner.DrainAsync(app);

        await MatcherScenario.DecideAsync(_client, eventId, requestId, "cancel", visitor);
        await MatcherRunner.DrainAsync(app);

        var meeting = Assert.Single(await ScheduleAsync(eventId, "exhibitors", exhibitor))!;
        Assert.Equal("cancelled", meeting["status"]!.GetValue<string>());
        var rows = await EventRows.ReadAsync(app, eventId);
        Assert.Empty(rows.Reservations);
        Assert.Equal(1, Assert.Single(rows.Meetings).Sequence);
    }

    [Fact]
    public async Task OutOfOrder_CancelDeliveredBeforeAccept_EndsWithNoMeeting()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 2);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var requestId = await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, exhibitor);
        await MatcherScenario.DecideAsync(_client, eventId, requestId, "cancel", visitor);
        var work = await app.DrainMatchingWorkAsync(eventId);
        Assert.Equal([typeof(MeetingRequestAccepted), typeof(MeetingRequestCancelled)], work.Select(w => w.GetType()));

        foreach (var message in Enumerable.Reverse(work))
        {
            await MatcherRunner.SendAsync(app, message);
        }

        await MatcherRunner.DrainAsync(app);

        Assert.Empty(await ScheduleAsync(eventId, "visitors", visitor));
        Assert.Empty((await EventRows.ReadAsync(app, eventId)).Reservations);
    }

    [Fact]
    public async Task OutOfOrder_AcceptAfterDeclineThenAcceptAgain_EndsBooked()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 2);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var requestId = await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, exhibitor);
        await MatcherScenario.DecideAsync(_client, eventId, requestId, "decline", exhibitor);
        await MatcherScenario.DecideAsync(_client, eventId, requestId, "accept", exhibitor);
        var work = await app.DrainMatchingWorkAsync(eventId);

        // Newest first: the final "accept" is handled first and books; the older decline and accept must not undo it.
        foreach (var message in Enumerable.Reverse(work))
        {
            await MatcherRunner.SendAsync(app, message);
        }

        await MatcherRunner.DrainAsync(app);

        var rows = await EventRows.ReadAsync(app, eventId);
        Assert.Single(rows.Live);
        rows.AssertConsistent(6, 20);
    }

    [Fact]
    public async Task Withdrawn_FreesAllTheirMeetings_AndTheExhibitorsUnplacedRequestTakesTheSlot()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 1);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var other = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var leaving = await Scenario.RegisterVisitorAsync(_client, eventId);
        var staying = await Scenario.RegisterVisitorAsync(_client, eventId);
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, leaving, exhibitor);
        await MatcherRunner.DrainAsync(app);
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, staying, exhibitor);
        await MatcherRunner.DrainAsync(app);
        Assert.Single((await EventRows.ReadAsync(app, eventId)).Live);

        await (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/visitors/{leaving.Id}", token: leaving.Token)).ExpectAsync(204);
        await MatcherRunner.DrainAsync(app);

        var rows = await EventRows.ReadAsync(app, eventId);
        var live = Assert.Single(rows.Live);
        Assert.Equal(staying.Id, live.VisitorId);
        Assert.Equal(MeetingStatus.Cancelled, rows.Meetings.Single(m => m.VisitorId == leaving.Id).Status);
        Assert.Empty(await ScheduleAsync(eventId, "exhibitors", other));
        rows.AssertConsistent(6, 20);
        rows.AssertAcceptedRequestsSettled(await MatcherScenario.EventAsync(app, eventId));
    }

    [Fact]
    public async Task Accepted_VisitorCapReached_StaysUnplaced()
    {
        var eventId = await MatcherScenario.CreateEventAsync(_client, slots: 4, maxPerVisitor: 1);
        var first = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var second = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, first);
        await MatcherScenario.AcceptedRequestAsync(_client, eventId, visitor, second);

        await MatcherRunner.DrainAsync(app);

        var rows = await EventRows.ReadAsync(app, eventId);
        Assert.Single(rows.Live);
        Assert.Single(rows.Requests, r => r.Placement == MeetingRequestPlacement.Unplaced);
        rows.AssertConsistent(1, 20);
        rows.AssertAcceptedRequestsSettled(await MatcherScenario.EventAsync(app, eventId));
    }

    [Fact]
    public async Task MalformedMessage_IsDroppedWithoutThrowing()
    {
        await MatcherRunner.Queue(app).CreateIfNotExistsAsync();
        await MatcherRunner.Queue(app).SendMessageAsync("{\"kind\":\"no-such-kind\"}");
        await MatcherRunner.Queue(app).SendMessageAsync("not json");

        Assert.True(await MatcherRunner.DrainAsync(app) >= 2);
    }
}
