using System.Diagnostics;
using Azure.Storage.Queues;

namespace ExpoMatch.Tests.LocalHost;

/// <summary>The queue the test app writes its observations to ("id|dequeueCount|pid", "tick|..."); read and drained by the tests.</summary>
public sealed class RecordQueue(string connectionString, string name)
{
    private readonly QueueClient _queue = new(connectionString, name);
    private readonly List<string> _seen = [];

    public string Name => name;

    /// <summary>Drains the queue until <paramref name="done"/> holds for everything seen so far, or the timeout passes (then returns what it saw).</summary>
    public async Task<IReadOnlyList<string>> CollectAsync(Func<IReadOnlyList<string>, bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!done(_seen) && watch.Elapsed < timeout)
        {
            await DrainAsync();
            if (!done(_seen))
            {
                await Task.Delay(200);
            }
        }

        return _seen.ToList();
    }

    /// <summary>Everything seen after waiting <paramref name="quiet"/> more (to prove nothing else arrives).</summary>
    public async Task<IReadOnlyList<string>> SettleAsync(TimeSpan quiet)
    {
        await Task.Delay(quiet);
        await DrainAsync();
        return _seen.ToList();
    }

    private async Task DrainAsync()
    {
        if (!await _queue.ExistsAsync())
        {
            return;
        }

        while (true)
        {
            var messages = (await _queue.ReceiveMessagesAsync(32)).Value;
            if (messages.Length == 0)
            {
                return;
            }

            foreach (var message in messages)
            {
                _seen.Add(message.Body.ToString());
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }
}
