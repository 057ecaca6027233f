using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ExpoMatch.Functions.Hosting;
using static ExpoMatch.Tests.Hosting.Triggers.TriggerTestStorage;

namespace ExpoMatch.Tests.Hosting.Triggers;

public sealed class QueueListenerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Message_IsProcessedOnceWithItsMetadata_AndDeleted()
    {
        var (queue, poison) = await FreshQueuesAsync(RecordQueueHandler.QueueName);
        var sink = new TriggerSink();
        SendReceipt sent = await queue.SendMessageAsync("""{"eventId":"smart-city-asia"}""");

        await using (new TriggerAppFactory(new FunctionRegistry().Queue<RecordQueueHandler>(), sink).Start())
        {
            await EventuallyAsync(() => !sink.Finished.IsEmpty, Patience, "the handler ran");
            await EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Patience, "the message was deleted");
        }

        var invocation = Assert.Single(sink.Finished);
        Assert.Equal(RecordQueueHandler.QueueName, invocation.QueueName);
        Assert.Equal("""{"eventId":"smart-city-asia"}""", invocation.MessageText);
        Assert.Equal(sent.MessageId, invocation.Id);
        Assert.Equal(1, invocation.DequeueCount);
        Assert.Equal(sent.InsertionTime, invocation.InsertionTime);
        Assert.Equal(sent.ExpirationTime, invocation.ExpirationTime);
        Assert.True(invocation.NextVisibleTime > DateTimeOffset.UtcNow.AddMinutes(9), "received with the 10-minute lease");
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Message_IsBase64OnTheWire_AndDecodedForTheHandler()
    {
        var (queue, _) = await FreshQueuesAsync(Base64QueueHandler.QueueName);
        var raw = (await QueuesAsync(QueueMessageEncoding.None)).GetQueueClient(Base64QueueHandler.QueueName);
        const string Text = "Đô thị thông minh · 智慧城市 · умный город";
        await queue.SendMessageAsync(Text);
        var onTheWire = Assert.Single((await raw.PeekMessagesAsync()).Value);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(Text)), onTheWire.MessageText);
        // A producer that is not us (e.g. Azure tooling) writes the Base64 itself.
        await raw.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("from elsewhere")));
        var sink = new TriggerSink();

        await using (new TriggerAppFactory(new FunctionRegistry().Queue<Base64QueueHandler>(), sink).Start())
        {
            await EventuallyAsync(() => sink.Finished.Count == 2, Patience, "both messages were handled");
        }

        Assert.Equal(new[] { "from elsewhere", Text }, sink.Finished.Select(m => m.MessageText).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Message_ThatIsNotBase64_GoesToPoisonAsItWas_AndTheOthersAreHandled()
    {
        var (queue, poison) = await FreshQueuesAsync(Base64QueueHandler.QueueName);
        var raw = await QueuesAsync(QueueMessageEncoding.None);
        const string Garbage = "{\"eventId\":\"not base64 at all\"}";
        await raw.GetQueueClient(queue.Name).SendMessageAsync(Garbage);
        await queue.SendMessageAsync("fine");
        var sink = new TriggerSink();

        await using (new TriggerAppFactory(new FunctionRegistry().Queue<Base64QueueHandler>(), sink).Start())
        {
            await EventuallyAsync(() => !sink.Finished.IsEmpty, Patience, "the readable message was handled");
            await EventuallyAsync(async () => (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1, Patience, "the unreadable one reached the poison queue");
            await EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Patience, "both left the queue");
        }

        Assert.Equal("fine", Assert.Single(sink.Finished).MessageText);
        var poisoned = Assert.Single((await raw.GetQueueClient(poison.Name).PeekMessagesAsync()).Value);
        Assert.Equal(Garbage, poisoned.Body.ToString());
    }

    [Fact]
    public async Task Batches_AreFetchedAgainWhenInFlightDropsToTheThreshold_NeverAboveBatchPlusThreshold()
    {
        var (queue, _) = await FreshQueuesAsync(BatchQueueHandler.QueueName);
        for (var i = 0; i < 12; i++)
        {
            await queue.SendMessageAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var sink = new TriggerSink();
        var settings = new Dictionary<string, string?>
        {
            ["ExpoMatch:Triggers:BatchSize"] = "4",
            ["ExpoMatch:Triggers:NewBatchThreshold"] = "2",
        };

        await using (new TriggerAppFactory(new FunctionRegistry().Queue<BatchQueueHandler>(), sink, settings).Start())
        {
            await EventuallyAsync(() => sink.Finished.Count == 12, Patience, "all 12 messages were handled");
        }

        // The host's bound: BatchSize + NewBatchThreshold at once; reaching more than one batch shows the early fetch.
        Assert.InRange(sink.MaxInFlight, 5, 6);
        Assert.Equal(12, sink.Finished.Select(m => m.Id).Distinct().Count());
    }

    [Fact]
    public async Task FailingMessage_IsTriedMaxDequeueCountTimes_ThenMovedToPoisonWithItsText()
    {
        var (queue, poison) = await FreshQueuesAsync(FailingQueueHandler.QueueName);
        var sink = new TriggerSink();
        await queue.SendMessageAsync("""{"visitorId":"v-42"}""");

        await using (new TriggerAppFactory(new FunctionRegistry().Queue<FailingQueueHandler>(), sink).Start())
        {
            await EventuallyAsync(async () => ((await poison.PeekMessagesAsync()).Value).Length == 1, Patience, "the message reached the poison queue");
            await EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Patience, "the original was deleted");
        }

        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, sink.Started.Select(m => m.DequeueCount));
        Assert.Equal("""{"visitorId":"v-42"}""", Assert.Single((await poison.PeekMessagesAsync()).Value).MessageText);
    }

    [Fact]
    public async Task MessageDequeuedMoreThanMaxTimes_GoesToPoisonWithoutRunning()
    {
        // Five receives that never completed (crashed instances): the sixth must not run the handler.
        var (queue, poison) = await FreshQueuesAsync(FailingQueueHandler.QueueName);
        await queue.SendMessageAsync("crashed five times");
        for (var i = 0; i < QueueTriggerSettings.MaxDequeueCount; i++)
        {
            var received = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value);
            await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        var sink = new TriggerSink();
        await using (new TriggerAppFactory(new FunctionRegistry().Queue<FailingQueueHandler>(), sink).Start())
        {
            await EventuallyAsync(async () => ((await poison.PeekMessagesAsync()).Value).Length == 1, Patience, "the message reached the poison queue");
        }

        Assert.Empty(sink.Started);
        Assert.Equal("crashed five times", Assert.Single((await poison.PeekMessagesAsync()).Value).MessageText);
    }

    [Fact]
    public async Task LongHandler_KeepsItsMessageHiddenByRenewingTheLease_SoAnotherInstanceNeverGetsIt()
    {
        var (queue, _) = await FreshQueuesAsync(SlowQueueHandler.QueueName);
        // A 4 s lease renewed every 2 s; the handler runs for three leases' worth of renewals.
        var sink = new TriggerSink { SlowHandlerDuration = TimeSpan.FromSeconds(7) };
        var settings = new Dictionary<string, string?> { ["ExpoMatch:Triggers:MessageLease"] = "00:00:04" };
        var registry = new FunctionRegistry().Queue<SlowQueueHandler>();
        await queue.SendMessageAsync("long job");

        await using (new TriggerAppFactory(registry, sink, settings).Start())
        await using (new TriggerAppFactory(registry, sink, settings).Start())
        {
            await EventuallyAsync(() => !sink.Finished.IsEmpty, Patience, "the slow handler finished");
            // Longer than a lease: a message whose delete used a stale pop receipt would come back by now.
            await Task.Delay(TimeSpan.FromSeconds(4.5));
            Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        Assert.Single(sink.Started);
        Assert.Single(sink.Finished);
    }

    [Fact]
    public async Task MessageOfAKilledInstance_IsProcessedByAnotherAfterItsLeaseExpires()
    {
        var (queue, _) = await FreshQueuesAsync(OrphanQueueHandler.QueueName);
        await queue.SendMessageAsync("orphan");
        // The "killed" instance: received with a short lease and never deleted nor released.
        var taken = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(2))).Value);
        var sink = new TriggerSink();

        await using (new TriggerAppFactory(new FunctionRegistry().Queue<OrphanQueueHandler>(), sink).Start())
        {
            await EventuallyAsync(() => !sink.Finished.IsEmpty, Patience, "the orphaned message was handled");
            await EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Patience, "the message was deleted");
        }

        var invocation = Assert.Single(sink.Finished);
        Assert.Equal(taken.MessageId, invocation.Id);
        Assert.Equal(2, invocation.DequeueCount);
        Assert.True(DateTimeOffset.UtcNow >= taken.NextVisibleOn);
    }

    [Fact]
    public async Task GracefulShutdown_LetsHandlersFinishWithinTheTimeout_AndReleasesTheRest()
    {
        var (queue, _) = await FreshQueuesAsync(ShutdownQueueHandler.QueueName);
        var sink = new TriggerSink();
        await queue.SendMessageAsync("quick");
        await queue.SendMessageAsync("stuck");

        var app = new TriggerAppFactory(new FunctionRegistry().Queue<ShutdownQueueHandler>(), sink, shutdownTimeout: TimeSpan.FromSeconds(3)).Start();
        await EventuallyAsync(() => sink.Started.Count == 2, Patience, "both handlers started");
        var stopping = DateTime.UtcNow;
        await app.DisposeAsync();
        var stopTook = DateTime.UtcNow - stopping;

        // "quick" finished during shutdown and was deleted; "stuck" was cancelled at the timeout and released at
        // once, not left hidden for the 10-minute lease.
        Assert.Equal("quick", Assert.Single(sink.Finished).MessageText);
        // "stuck" never ends unless cancelled, so any finite stop proves the timeout cancelled it; the upper bound
        // only has to catch a hang, with room for a loaded CI machine stopping the whole host (13.7 s was seen).
        Assert.InRange(stopTook, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(30));
        var released = Assert.Single((await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value);
        Assert.Equal("stuck", released.MessageText);
        Assert.Equal(2, released.DequeueCount);
    }
}
