using ExpoMatch.Storage;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Storage;

public sealed class QueueClientTests : StorageTestBase
{
    [Fact]
    public async Task CreateIfNotExists_ReportsWhetherCreated_AndDeleteIfExistsReportsAbsence()
    {
        var queue = QueueService.GetQueueClient(UniqueNames.Queue());
        Assert.True(await queue.CreateIfNotExistsAsync());
        Assert.False(await queue.CreateIfNotExistsAsync());
        Assert.True(await queue.DeleteIfExistsAsync());
        Assert.False(await queue.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task SendThenReceive_ReturnsTextAndMetadata_AndHidesTheMessage()
    {
        var sent = await Queue.SendMessageAsync("hello");

        var received = Assert.Single(await Queue.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(30)));

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal("hello", received.MessageText);
        Assert.Equal(1, received.DequeueCount);
        Assert.False(string.IsNullOrEmpty(received.PopReceipt));
        Assert.True(received.NextVisibleOn > received.InsertedOn);
        Assert.True(received.ExpiresOn > received.InsertedOn.AddDays(6));
        Assert.Empty(await Queue.ReceiveMessagesAsync(10));
    }

    [Theory]
    [InlineData("Đô thị thông minh")]
    [InlineData("เมืองอัจฉริยะ")]
    [InlineData("智慧城市")]
    [InlineData("Умный город")]
    [InlineData("<xml & 'quotes' \"too\">")]
    public async Task UnicodeAndMarkup_RoundTrip(string text)
    {
        await Queue.SendMessageAsync(text);

        Assert.Equal(text, Assert.Single(await Queue.ReceiveMessagesAsync()).MessageText);
    }

    [Fact]
    public async Task Messages_AreBase64Utf8OnTheWire_ByDefault()
    {
        var rawOptions = new StorageClientOptions { MessageEncoding = QueueMessageEncoding.None };
        var raw = Connection.CreateQueueServiceClient(rawOptions).GetQueueClient(Queue.Name);

        await Queue.SendMessageAsync("智慧城市");
        await raw.SendMessageAsync("plain <text>");

        var wire = await raw.PeekMessagesAsync(2);
        Assert.Equal(Convert.ToBase64String("智慧城市"u8.ToArray()), wire[0].MessageText);
        Assert.Equal("plain <text>", wire[1].MessageText);
    }

    [Fact]
    public async Task Peek_DoesNotDequeue()
    {
        await Queue.SendMessageAsync("one");
        await Queue.SendMessageAsync("two");

        var peeked = await Queue.PeekMessagesAsync(32);
        var received = await Queue.ReceiveMessagesAsync(32);

        Assert.Equal(["one", "two"], peeked.Select(m => m.MessageText));
        Assert.All(peeked, m => Assert.Equal(0, m.DequeueCount));
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task VisibilityDelay_HidesTheMessageUntilDue()
    {
        await Queue.SendMessageAsync("later", visibilityDelay: TimeSpan.FromSeconds(2));

        Assert.Empty(await Queue.ReceiveMessagesAsync());
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal("later", Assert.Single(await Queue.ReceiveMessagesAsync()).MessageText);
    }

    [Fact]
    public async Task TimeToLive_NeverExpires_IsAccepted()
    {
        var receipt = await Queue.SendMessageAsync("forever", timeToLive: QueueClient.NeverExpires);

        Assert.True(receipt.ExpiresOn > DateTimeOffset.UtcNow.AddYears(1000));
        var received = Assert.Single(await Queue.ReceiveMessagesAsync());
        Assert.Equal("forever", received.MessageText);
    }

    [Fact]
    public async Task DeleteMessage_RemovesIt_AndReportsFalseWhenGone()
    {
        await Queue.SendMessageAsync("x");
        var message = Assert.Single(await Queue.ReceiveMessagesAsync());

        Assert.True(await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt));
        Assert.False(await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt));
        Assert.Equal(0, await Queue.GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task UpdateMessage_ChangesTextAndVisibility_AndReturnsNewPopReceipt()
    {
        await Queue.SendMessageAsync("v1");
        var message = Assert.Single(await Queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(60)));

        var update = await Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, TimeSpan.Zero, "v2 Умный город");

        Assert.NotEqual(message.PopReceipt, update.PopReceipt);
        var again = Assert.Single(await Queue.ReceiveMessagesAsync());
        Assert.Equal("v2 Умный город", again.MessageText);
        Assert.Equal(2, again.DequeueCount);
        var stale = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => Queue.UpdateMessageAsync(message.MessageId, update.PopReceipt, TimeSpan.Zero));
        Assert.Equal("PopReceiptMismatch", stale.ErrorCode);
        Assert.False(await Queue.DeleteMessageAsync(message.MessageId, update.PopReceipt));
        Assert.True(await Queue.DeleteMessageAsync(again.MessageId, again.PopReceipt));
        await Assert.ThrowsAsync<StorageNotFoundException>(
            () => Queue.UpdateMessageAsync(again.MessageId, again.PopReceipt, TimeSpan.Zero));
    }

    [Fact]
    public async Task UpdateMessage_WithoutText_KeepsTextAndExtendsVisibility()
    {
        await Queue.SendMessageAsync("keep");
        var message = Assert.Single(await Queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));

        var update = await Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, TimeSpan.FromSeconds(60));

        Assert.True(update.NextVisibleOn > DateTimeOffset.UtcNow.AddSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Empty(await Queue.ReceiveMessagesAsync());
        await Queue.UpdateMessageAsync(message.MessageId, update.PopReceipt, TimeSpan.Zero);
        Assert.Equal("keep", Assert.Single(await Queue.ReceiveMessagesAsync()).MessageText);
    }

    [Fact]
    public async Task ClearMessages_EmptiesTheQueue_AndCountFollows()
    {
        for (var i = 0; i < 5; i++)
        {
            await Queue.SendMessageAsync($"m{i}");
        }

        Assert.Equal(5, await Queue.GetApproximateMessageCountAsync());
        await Queue.ClearMessagesAsync();
        Assert.Equal(0, await Queue.GetApproximateMessageCountAsync());
        Assert.Empty(await Queue.PeekMessagesAsync(32));
    }

    [Fact]
    public async Task Receive_ReturnsAtMostMaxMessages()
    {
        for (var i = 0; i < 40; i++)
        {
            await Queue.SendMessageAsync($"m{i}");
        }

        Assert.Equal(32, (await Queue.ReceiveMessagesAsync(32)).Count);
        Assert.Equal(8, (await Queue.ReceiveMessagesAsync(32)).Count);
    }

    [Fact]
    public async Task Operations_OnMissingQueue_ThrowNotFoundWithServiceCode()
    {
        var missing = QueueService.GetQueueClient(UniqueNames.Queue());

        var error = await Assert.ThrowsAsync<StorageNotFoundException>(() => missing.SendMessageAsync("x"));

        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task MessageOfExactly64KiBEncoded_IsAccepted()
    {
        var text = new string('a', 49_152); // Base64 of 49,152 bytes is exactly 65,536 characters.

        await Queue.SendMessageAsync(text);

        Assert.Equal(text, Assert.Single(await Queue.ReceiveMessagesAsync()).MessageText);
    }

    [Fact]
    public async Task ConcurrentReceivers_NeverGetTheSameMessage()
    {
        for (var i = 0; i < 40; i++)
        {
            await Queue.SendMessageAsync($"m{i}");
        }

        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))));
        var ids = batches.SelectMany(b => b).Select(m => m.MessageId).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(40, ids.Count);
    }

    [Fact]
    public async Task CancelledToken_StopsTheOperation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Queue.SendMessageAsync("x", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Table.AddEntityAsync(new TableEntity("p", "r"), cancelled.Token));
        Assert.Empty(await Queue.PeekMessagesAsync());
    }

    [Fact]
    public async Task QueueServiceClient_CheckAvailability_SucceedsAgainstAzurite()
    {
        await QueueService.CheckAvailabilityAsync();
    }
}
