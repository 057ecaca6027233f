using ExpoMatch.Storage;

namespace ExpoMatch.Tests.Storage;

/// <summary>Input that the service would reject is refused before sending, with a clear ArgumentException.</summary>
public sealed class ValidationTests
{
    private static readonly StorageConnection Offline = StorageConnection.Parse(
        $"AccountName=devstoreaccount1;AccountKey={StorageConnection.DevelopmentAccountKey};" +
        "TableEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1");

    private static readonly TableServiceClient Tables = Offline.CreateTableServiceClient();
    private static readonly QueueServiceClient Queues = Offline.CreateQueueServiceClient();

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("ab-c")]
    [InlineData("tables")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void TableName_Invalid_Throws(string name) => Assert.Throws<ArgumentException>(() => Tables.GetTableClient(name));

    [Theory]
    [InlineData("abc")]
    [InlineData("Registrations2026")]
    public void TableName_Valid_IsAccepted(string name) => Assert.Equal(name, Tables.GetTableClient(name).Name);

    [Theory]
    [InlineData("ab")]
    [InlineData("Upper")]
    [InlineData("a--b")]
    [InlineData("-ab")]
    [InlineData("ab-")]
    [InlineData("a_b")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void QueueName_Invalid_Throws(string name) => Assert.Throws<ArgumentException>(() => Queues.GetQueueClient(name));

    [Theory]
    [InlineData("abc")]
    [InlineData("match-requests")]
    [InlineData("match-requests-poison")]
    public void QueueName_Valid_IsAccepted(string name) => Assert.Equal(name, Queues.GetQueueClient(name).Name);

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u0001b")]
    public async Task Keys_WithForbiddenCharacters_AreRejectedBeforeSending(string key)
    {
        var table = Tables.GetTableClient("valid");

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(key, "r")));
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityIfExistsAsync("p", key));
        await Assert.ThrowsAsync<ArgumentException>(() => table.DeleteEntityAsync(key, "r"));
    }

    [Fact]
    public async Task Entity_OverTheLimits_IsRejectedBeforeSending()
    {
        var table = Tables.GetTableClient("valid");
        var tooManyProperties = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++)
        {
            tooManyProperties[$"P{i}"] = i;
        }

        var tooLong = new TableEntity("p", "r") { ["S"] = new string('x', 32 * 1024 + 1) };
        var tooBig = new TableEntity("p", "r");
        for (var i = 0; i < 20; i++)
        {
            tooBig[$"S{i}"] = new string('x', 32 * 1024);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(tooManyProperties));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(tooLong));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(tooBig));
        Assert.Contains("1 MiB", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(new string('k', 513), "r")));
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("Timestamp")]
    [InlineData("1abc")]
    [InlineData("has space")]
    [InlineData("")]
    public void PropertyName_Invalid_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new TableEntity("p", "r") { [name] = 1 });

    [Fact]
    public void PropertyValue_UnsupportedType_Throws() =>
        Assert.Throws<ArgumentException>(() => new TableEntity("p", "r") { ["F"] = 1.5f });

    [Fact]
    public void TypedGetter_WrongType_ThrowsAndMissingIsNull()
    {
        var entity = new TableEntity("p", "r") { ["N"] = 5 };

        Assert.Throws<InvalidOperationException>(() => entity.GetString("N"));
        Assert.Null(entity.GetString("Missing"));
        Assert.Equal(5L, entity.GetInt64("N"));
        entity["N"] = null;
        Assert.False(entity.ContainsKey("N"));
    }

    [Fact]
    public async Task Transaction_BreakingBatchRules_IsRejectedBeforeSending()
    {
        var table = Tables.GetTableClient("valid");
        TableTransactionAction Add(string pk, string rk) => new(TableTransactionActionType.Add, new TableEntity(pk, rk));

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(Enumerable.Range(0, 101).Select(i => Add("p", $"{i}"))));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([Add("p", "1"), Add("other", "2")]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([Add("p", "1"), Add("p", "1")]));
    }

    [Fact]
    public async Task QueueArguments_OutOfRange_AreRejectedBeforeSending()
    {
        var queue = Queues.GetQueueClient("valid-queue");
        var raw = Offline.CreateQueueServiceClient(new StorageClientOptions { MessageEncoding = QueueMessageEncoding.None }).GetQueueClient("valid-queue");

        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new string('a', 49_153)));
        await Assert.ThrowsAsync<ArgumentException>(() => raw.SendMessageAsync(new string('a', 65_537)));
        await Assert.ThrowsAsync<ArgumentException>(() => raw.SendMessageAsync("bad \u0001 char"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.PeekMessagesAsync(33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(1, TimeSpan.FromDays(8)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("x", TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.SendMessageAsync("x", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.UpdateMessageAsync("id", "pop", TimeSpan.FromMilliseconds(1500)));
        await Assert.ThrowsAsync<ArgumentException>(() => queue.DeleteMessageAsync("", "pop"));
    }
}
