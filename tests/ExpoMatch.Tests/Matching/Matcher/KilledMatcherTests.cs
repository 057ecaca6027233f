using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>
/// A matcher killed at any point (its token cancelled while a read, a booking transaction or a free is in flight)
/// leaves either whole meetings or nothing: no meeting row without its reservations, no reservation without its
/// meeting. A later instance then finishes the work from the messages left on the queue.
/// </summary>
public sealed class KilledMatcherTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task KilledMidRun_LeavesNoHalfBookedMeeting_AndARestartSettlesEverything()
    {
        var client = app.CreateClient();
        var eventId = await MatcherScenario.CreateEventAsync(client, slots: 4, tables: 1, maxPerVisitor: 3, maxPerExhibitor: 4);
        var work = await MatcherSeed.AcceptedRequestsAsync(app, eventId, exhibitors: 8, visitors: 20, requestsPerVisitor: 3);
        var queue = MatcherRunner.Queue(app);
        await queue.CreateIfNotExistsAsync();
        foreach (var message in work)
        {
            await queue.SendMessageAsync(MatchingWorkQueue.Serialize(message));
        }

        // Phase 1: every invocation is killed after a random 0-40 ms; killed messages stay on the queue.
        var killed = 0;
        var random = new Random(20221126);
        for (var i = 0; i < work.Count; i++)
        {
            var batch = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value;
            if (batch.Length == 0)
            {
                break;
            }

            using var kill = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(0, 40)));
            try
            {
                await MatcherRunner.InvokeAsync(app, batch[0], kill.Token);
                await queue.DeleteMessageAsync(batch[0].MessageId, batch[0].PopReceipt);
            }
            catch (OperationCanceledException)
            {
                killed++;
            }
        }

        Assert.True(killed > 0, "no invocation was killed; the test proved nothing");
        var afterKills = await EventRows.ReadAsync(app, eventId);
        afterKills.AssertConsistent(maxPerVisitor: 3, maxPerExhibitor: 4);

        // Phase 2: a healthy instance handles what is left once the killed messages become visible again.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await MatcherRunner.DrainAsync(app);

        var rows = await EventRows.ReadAsync(app, eventId);
        rows.AssertConsistent(maxPerVisitor: 3, maxPerExhibitor: 4);
        rows.AssertAcceptedRequestsSettled(await MatcherScenario.EventAsync(app, eventId));
        Assert.NotEmpty(rows.Live);
    }
}
