using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Benchmarks.Storage;

/// <summary>The three measured operations; one implementation per client so both do the same work on the same data.</summary>
internal abstract class StorageWorkload
{
    public abstract string Name { get; }

    /// <summary>Inserts one new entity (<see cref="BenchData.Entity"/>) with the given row key.</summary>
    public abstract Task InsertAsync(string rowKey, int count, CancellationToken cancellationToken);

    /// <summary>Reads one seeded entity and checks it came back.</summary>
    public abstract Task ReadAsync(string rowKey, CancellationToken cancellationToken);

    /// <summary>Sends one message to the caller's queue, receives it and deletes it.</summary>
    public abstract Task QueueCycleAsync(int caller, string text, CancellationToken cancellationToken);
}

/// <summary>The entity, table and queue names both clients use.</summary>
internal static class BenchData
{
    public const string InsertPartition = "insert";
    public const string ReadPartition = "read";
    public const int SeededEntities = 256;
    public static readonly DateTimeOffset When = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    public static TableEntity Entity(string partition, string rowKey, int count) => new(partition, rowKey)
    {
        ["Name"] = "Đô thị thông minh",
        ["Company"] = "智慧城市",
        ["Count"] = count,
        ["When"] = When,
    };

    public static string ReadRowKey(long i) => (i % SeededEntities).ToString("D8", CultureInfo.InvariantCulture);

    public static string QueueName(string prefix, int caller) => prefix + "-" + caller.ToString(CultureInfo.InvariantCulture);

    public static string MessageText(long i) =>
        "{\"eventId\":\"smart-city-asia\",\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}";
}

/// <summary>Azure.Data.Tables and Azure.Storage.Queues, used as the app uses them.</summary>
internal sealed class SdkClientsWorkload(TableClient table, QueueServiceClient queues, string queuePrefix, int maxCallers) : StorageWorkload
{
    private readonly QueueClient[] _queues = Enumerable.Range(0, maxCallers)
        .Select(i => queues.GetQueueClient(BenchData.QueueName(queuePrefix, i)))
        .ToArray();

    public override string Name => "sdk";

    public override async Task InsertAsync(string rowKey, int count, CancellationToken cancellationToken) =>
        await table.AddEntityAsync(BenchData.Entity(BenchData.InsertPartition, rowKey, count), cancellationToken);

    public override async Task ReadAsync(string rowKey, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityOrNullAsync(BenchData.ReadPartition, rowKey, cancellationToken: cancellationToken);
        if (entity?.GetString("Name") is null)
        {
            throw new InvalidOperationException($"sdk: entity {rowKey} not found.");
        }
    }

    public override async Task QueueCycleAsync(int caller, string text, CancellationToken cancellationToken)
    {
        var queue = _queues[caller];
        await queue.SendMessageAsync(text, cancellationToken: cancellationToken);
        QueueMessage[] received = await queue.ReceiveMessagesAsync(1, cancellationToken: cancellationToken);
        if (received.Length != 1 || received[0].Body.ToString() != text)
        {
            throw new InvalidOperationException($"sdk: queue {queue.Name} returned {received.Length} messages, not the one sent.");
        }

        // Throws (404) if the message was already gone.
        await queue.DeleteMessageAsync(received[0].MessageId, received[0].PopReceipt, cancellationToken);
    }
}
