using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Registration;
using ExpoMatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>
/// The concurrency proof as a component test: four matcher instances (four copies of the app's services, as
/// four workers would hold them) take messages
/// from one real queue, every message is delivered twice, and slots are scarce, so instances race for the same
/// slots, tables, pairs and caps. Storage must keep every invariant anyway.
/// </summary>
public sealed class DoubleBookingTests(RegistrationApp app, ITestOutputHelper output) : IClassFixture<RegistrationApp>
{
    private const int Rounds = 10;
    private const int Instances = 4;

    [Fact]
    public async Task FourInstances_EveryMessageTwice_ThousandAcceptedRequests_NoInvariantBroken()
    {
        var client = app.CreateClient();
        // Four instances of the app's services (what four workers hold), each with its own singletons.
        var instances = Enumerable.Range(0, Instances)
            .Select(_ => FunctionAppFixture.BuildServices(app.AppSettings, "Development"))
            .ToList();
        var queue = MatcherRunner.Queue(app);
        await queue.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        var requestsTotal = 0;
        var meetingsTotal = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // 12 booths x 1 table x 5 slots = 60 positions, exhibitor cap 4 (48), for 100 accepted requests.
            var eventId = await MatcherScenario.CreateEventAsync(client, slots: 5, tables: 1, maxPerVisitor: 3, maxPerExhibitor: 4);
            var work = await MatcherSeed.AcceptedRequestsAsync(app, eventId, exhibitors: 12, visitors: 25, requestsPerVisitor: 4);
            requestsTotal += work.Count;
            var messages = work.Concat(work).OrderBy(_ => Random.Shared.Next()).Select(MatchingWorkQueue.Serialize).ToList();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (m, ct) => await queue.SendMessageAsync(m, cancellationToken: ct));

            var seeded = watch.Elapsed;
            var handled = new ConcurrentDictionary<string, bool>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            await Task.WhenAll(instances.Select(instance => WorkAsync(instance, queue, handled, messages.Count, timeout.Token)));
            Assert.Equal(messages.Count, handled.Count);

            var expo = await MatcherScenario.EventAsync(app, eventId);
            var rows = await EventRows.ReadAsync(app, eventId);
            rows.AssertConsistent(maxPerVisitor: 3, maxPerExhibitor: 4);
            rows.AssertAcceptedRequestsSettled(expo);
            Assert.All(rows.Live, m => Assert.Equal(MeetingIds.Format(m.VisitorId, m.ExhibitorId, 0), m.MeetingId));
            Assert.True(rows.Live.Count >= 30, $"only {rows.Live.Count} meetings booked in round {round}");
            meetingsTotal += rows.Live.Count;
            output.WriteLine($"round {round}: {rows.Live.Count} meetings, seeded at {seeded.TotalSeconds:0.0} s, done at {watch.Elapsed.TotalSeconds:0.0} s");
        }

        output.WriteLine($"{Rounds} rounds, {requestsTotal} accepted requests, {requestsTotal * 2} messages, {meetingsTotal} meetings, {Instances} instances, {contended} invocations gave up to contention (retried): {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(1000, requestsTotal);
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }

    private static int contended;

    private static async Task WorkAsync(IServiceProvider instance, QueueClient queue, ConcurrentDictionary<string, bool> handled,
        int expected, CancellationToken cancellationToken)
    {
        while (handled.Count < expected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(5), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                await Task.Delay(20, cancellationToken);
                continue;
            }

            foreach (var message in batch)
            {
                try
                {
                    await MatcherRunner.InvokeAsync(instance, message, cancellationToken);
                }
                catch (MatcherContentionException)
                {
                    Interlocked.Increment(ref contended);
                    // Left on the queue: it becomes visible again and another attempt settles it.
                    continue;
                }

                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                handled[message.MessageId] = true;
            }
        }
    }
}
