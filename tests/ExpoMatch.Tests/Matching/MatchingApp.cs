using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Matching;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Matching;

/// <summary>
/// The real app (worker through the local host) over the shared Azurite with its own matching queues. The tests
/// deliver run messages to <see cref="RunEventMatching"/> themselves, in the test process on the app's services, so
/// each step is observable. A busy run is re-queued without delay so a test can deliver it again at once.
/// </summary>
public sealed class MatchingApp : FunctionAppFixture
{
    public string RunsQueueName { get; } = "matching-runs-" + Guid.NewGuid().ToString("N")[..12];

    private readonly string _workQueue = "matching-work-" + Guid.NewGuid().ToString("N")[..12];

    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["ExpoMatch__MatchingWorkQueue"] = _workQueue,
        ["ExpoMatch__MatchingRunsQueue"] = RunsQueueName,
        ["ExpoMatch__MatchingRuns__BusyRetryDelay"] = "00:00:00",
    };

    public TableClient Table(string name) => StorageClients.Tables(ConnectionString).GetTableClient(name);

    public QueueClient RunsQueue() => StorageClients.Queues(ConnectionString).GetQueueClient(RunsQueueName);

    public MatchingRunStore Runs => Services.GetRequiredService<MatchingRunStore>();

    /// <summary>Receives every visible run message for the event and invokes the function on each; returns how many.</summary>
    public async Task<int> DeliverRunMessagesAsync(string eventId, int maxRounds = 10)
    {
        var queue = RunsQueue();
        await queue.CreateIfNotExistsAsync();
        var delivered = 0;
        for (var round = 0; round < maxRounds; round++)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            var mine = batch.Where(m => m.MessageText.Contains(eventId, StringComparison.Ordinal)).ToList();
            foreach (var other in batch.Except(mine))
            {
                await queue.UpdateMessageAsync(other.MessageId, other.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }

            if (mine.Count == 0)
            {
                return delivered;
            }

            foreach (var message in mine)
            {
                await InvokeAsync(message.MessageText, message.MessageId, message.DequeueCount);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Invokes the queue function with a message text, as the host does (fresh DI scope).</summary>
    public async Task InvokeAsync(string messageText, string messageId = "test", long dequeueCount = 1)
    {
        using var scope = Services.CreateScope();
        var function = ActivatorUtilities.GetServiceOrCreateInstance<RunEventMatching>(scope.ServiceProvider);
        await function.RunAsync(
            new QueueInvocation(RunsQueueName, messageText, messageId, dequeueCount, null, null, null, null), CancellationToken.None);
    }
}
