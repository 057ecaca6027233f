using System.Diagnostics;
using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Matching.Matcher;
using ExpoMatch.Tests.Registration;
using Xunit.Abstractions;

namespace ExpoMatch.Tests.Meetings;

/// <summary>
/// Reschedule races through the HTTP API on Azurite, with the matcher running in the worker: concurrent proposals,
/// concurrent acceptances of one proposal and of two meetings into one slot, and an acceptance racing the matcher
/// booking an accepted request into the same slot. Whatever the timing: never a double booking, every reservation
/// row matches a live meeting, and a move happens at most once (SEQUENCE grows by one).
/// </summary>
public sealed class RescheduleRaceTests(WorkingMatcherApp app, ITestOutputHelper output) : IClassFixture<WorkingMatcherApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private TableClient Meetings => app.Table(MeetingRow.TableName);

    [Fact]
    public async Task ConcurrentProposals_OnOneMeeting_ExactlyOneIsOpen()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        for (var round = 0; round < 5; round++)
        {
            var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
            var meetingId = await HybridScenario.BookAsync(Meetings, eventId, visitor, exhibitor, slot: round, exhibitorQuota: round);

            var answers = await Task.WhenAll(
                HybridScenario.ProposeAsync(_client, eventId, meetingId, 7 + round, visitor),
                HybridScenario.ProposeAsync(_client, eventId, meetingId, 8 + round, exhibitor));

            Assert.Equal([201, 409], answers.Select(a => (int)a.StatusCode).Order());
            var proposal = await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/meetings/{meetingId}/reschedule", token: visitor.Token)).ExpectAsync(200);
            Assert.Equal(1, proposal["number"]!.GetValue<int>());
            Assert.Equal("open", proposal["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task TwoReschedulesIntoOneSlot_AcceptedConcurrentlyTwiceEach_MoveOneMeetingOnce()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client);
        for (var round = 0; round < 4; round++)
        {
            var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
            var first = await Scenario.RegisterExhibitorAsync(_client, eventId);
            var second = await Scenario.RegisterExhibitorAsync(_client, eventId);
            var m1 = await HybridScenario.BookAsync(Meetings, eventId, visitor, first, slot: 1);
            var m2 = await HybridScenario.BookAsync(Meetings, eventId, visitor, second, slot: 2, visitorQuota: 1);
            await (await HybridScenario.ProposeAsync(_client, eventId, m1, 9, first)).ExpectAsync(201);
            await (await HybridScenario.ProposeAsync(_client, eventId, m2, 9, second)).ExpectAsync(201);

            var answers = await Task.WhenAll(
                HybridScenario.DecideAsync(_client, eventId, m1, "accept", visitor),
                HybridScenario.DecideAsync(_client, eventId, m2, "accept", visitor),
                HybridScenario.DecideAsync(_client, eventId, m1, "accept", visitor),
                HybridScenario.DecideAsync(_client, eventId, m2, "accept", visitor));

            Assert.All(answers, a => Assert.Contains((int)a.StatusCode, new[] { 200, 409 }));
            var meetings = new[] { await HybridScenario.ReadAsync(Meetings, eventId, m1), await HybridScenario.ReadAsync(Meetings, eventId, m2) };
            var moved = Assert.Single(meetings, m => m.Slot == 9);
            Assert.Equal(1, moved.Sequence);
            var stayed = Assert.Single(meetings, m => m.Slot != 9);
            Assert.Equal(0, stayed.Sequence);
            Assert.Equal("declined", stayed.Reschedule!.Status);
            Assert.Contains("another meeting", stayed.Reschedule.Reason, StringComparison.Ordinal);
            output.WriteLine($"round {round}: {string.Join(' ', answers.Select(a => (int)a.StatusCode))}; moved {moved.MeetingId}");
        }

        (await EventRows.ReadAsync(app, eventId)).AssertConsistent(maxPerVisitor: 6, maxPerExhibitor: 20);
    }

    [Fact]
    public async Task RescheduleAcceptance_RacingTheMatcherBookingTheSameSlot_NeverDoubleBooks()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var eventId = await HybridScenario.CreateEventAsync(_client);
            var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
            var first = await Scenario.RegisterExhibitorAsync(_client, eventId);
            // Only free in slot 7 (13:30-14:00): the matcher can book this pair nowhere else.
            var second = await Scenario.RegisterExhibitorAsync(_client, eventId, new
            {
                company = "贵阳大数据科技有限公司",
                boothCode = "G" + round,
                contactName = "王芳",
                email = Scenario.Email("x"),
                tags = new[] { "IoT" },
                language = "zh-Hans",
                availability = new[] { new { start = "2031-03-10T13:30:00+07:00", end = "2031-03-10T14:00:00+07:00" } },
            });
            var m1 = await HybridScenario.BookAsync(Meetings, eventId, visitor, first, slot: 1);
            await (await HybridScenario.ProposeAsync(_client, eventId, m1, 7, first)).ExpectAsync(201);
            var requestId = await Scenario.RequestMeetingAsync(_client, eventId, visitor, second);

            // The request's acceptance goes to the matcher in the worker (queue polling up to 2 s); the reschedule
            // acceptance is sent after a delay that grows each round, so both orders happen.
            var decisions = Task.WhenAll(
                _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/accept", token: second.Token),
                Task.Delay(TimeSpan.FromMilliseconds(700 * round)).ContinueWith(_ => HybridScenario.DecideAsync(_client, eventId, m1, "accept", visitor)).Unwrap());
            var answers = await decisions;
            Assert.Equal(200, (int)answers[0].StatusCode);
            Assert.Contains((int)answers[1].StatusCode, new[] { 200, 409 });

            var rows = await WaitUntilSettledAsync(eventId, requestId);
            rows.AssertConsistent(maxPerVisitor: 6, maxPerExhibitor: 20);
            rows.AssertAcceptedRequestsSettled(await MatcherScenario.EventAsync(app, eventId));
            var inSlot7 = rows.Live.Where(m => m.Slot == 7).ToList();
            var winner = Assert.Single(inSlot7);
            if (winner.MeetingId == m1)
            {
                Assert.Equal(200, (int)answers[1].StatusCode);
                Assert.Equal(1, winner.Sequence);
                outcomes.Add("reschedule");
            }
            else
            {
                Assert.Equal(409, (int)answers[1].StatusCode);
                Assert.Equal(1, rows.Live.Single(m => m.MeetingId == m1).Slot);
                outcomes.Add("matcher");
            }
        }

        output.WriteLine("slot 7 went to: " + string.Join(", ", outcomes));
    }

    /// <summary>Until the accepted request has its meeting or its unplaced mark (the matcher in the worker decides).</summary>
    private async Task<EventRows> WaitUntilSettledAsync(string eventId, string requestId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await EventRows.ReadAsync(app, eventId);
            var request = rows.Requests.Single(r => r.Id == requestId);
            if (request.Placement is not null || rows.Live.Any(m => m.VisitorId == request.VisitorId && m.ExhibitorId == request.ExhibitorId))
            {
                return rows;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the matcher did not settle the request in time");
            await Task.Delay(200);
        }
    }
}
