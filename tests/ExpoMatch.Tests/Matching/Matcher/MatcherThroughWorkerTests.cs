using System.Diagnostics;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Registration;
using Xunit.Abstractions;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>The app with its matcher's queue trigger on: the local host delivers matching work to the worker.</summary>
public sealed class WorkingMatcherApp : RegistrationApp
{
    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["AzureWebJobs.MatchRequestedMeetings.Disabled"] = "false",
    };
}

/// <summary>
/// The double-booking proof through the worker: the host hands the worker up to 16 messages at once (batchSize) and
/// every accepted request's message is on the queue twice, over scarce slots; the worker's concurrent invocations race
/// for the same slots, tables, pairs and caps, and storage must keep every invariant anyway.
/// </summary>
public sealed class MatcherThroughWorkerTests(WorkingMatcherApp app, ITestOutputHelper output) : IClassFixture<WorkingMatcherApp>
{
    [Fact]
    public async Task ConcurrentDeliveries_EveryMessageTwice_NoInvariantBroken_AndEveryAcceptedRequestSettled()
    {
        using var client = app.CreateClient();
        var queue = MatcherRunner.Queue(app);
        await queue.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 3; round++)
        {
            // 12 booths x 1 table x 5 slots = 60 positions, exhibitor cap 4 (48), for 100 accepted requests.
            var eventId = await MatcherScenario.CreateEventAsync(client, slots: 5, tables: 1, maxPerVisitor: 3, maxPerExhibitor: 4);
            var work = await MatcherSeed.AcceptedRequestsAsync(app, eventId, exhibitors: 12, visitors: 25, requestsPerVisitor: 4);
            var messages = work.Concat(work).OrderBy(_ => Random.Shared.Next()).Select(MatchingWorkQueue.Serialize).ToList();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (m, ct) => await queue.SendMessageAsync(m, cancellationToken: ct));

            await WaitUntilDrainedAsync(queue, TimeSpan.FromSeconds(90));

            var rows = await EventRows.ReadAsync(app, eventId);
            rows.AssertConsistent(maxPerVisitor: 3, maxPerExhibitor: 4);
            rows.AssertAcceptedRequestsSettled(await MatcherScenario.EventAsync(app, eventId));
            Assert.True(rows.Live.Count >= 30, $"only {rows.Live.Count} meetings booked in round {round}");
            output.WriteLine($"round {round}: {messages.Count} messages, {rows.Live.Count} meetings, done at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        var poison = Infrastructure.StorageClients.Queues(app.ConnectionString).GetQueueClient(app.MatchingWorkQueueName + QueueTriggerSettings.PoisonSuffix);
        Assert.False(await poison.ExistsAsync() && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0, "messages were poisoned");
        Assert.True(await app.Host.WaitForOutputAsync("Executed 'Functions.MatchRequestedMeetings' (Succeeded", TimeSpan.FromSeconds(5)));
    }

    /// <summary>Until the queue holds no message, visible or in flight (the count includes invisible ones).</summary>
    private static async Task WaitUntilDrainedAsync(QueueClient queue, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(clock.Elapsed < timeout, "the worker did not drain the queue in time");
            await Task.Delay(200);
        }
    }
}
