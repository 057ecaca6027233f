using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Matching.Matcher;

/// <summary>
/// Runs the matcher the way a queue host does, in the test process (component tests of the matcher): receive from the
/// app's real matching-work queue, run the queue function class on the app's services in a fresh DI scope, delete on
/// success, leave the message to reappear on failure. The same proofs through the worker: MatcherThroughWorkerTests.
/// </summary>
public static class MatcherRunner
{
    public static QueueClient Queue(RegistrationApp app) =>
        StorageClients.Queues(app.ConnectionString).GetQueueClient(app.MatchingWorkQueueName);

    public static Task InvokeAsync(RegistrationApp app, QueueMessage message, CancellationToken cancellationToken) =>
        InvokeAsync(app.Services, message, cancellationToken);

    /// <summary>Invokes the function in <paramref name="services"/> (one app instance).</summary>
    public static async Task InvokeAsync(IServiceProvider services, QueueMessage message, CancellationToken cancellationToken)
    {
        var invocation = new QueueInvocation(MatchingWork.QueueName, message.MessageText, message.MessageId, message.DequeueCount,
            message.InsertedOn, message.ExpiresOn, message.NextVisibleOn, message.PopReceipt);
        await using var scope = services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<MatchRequestedMeetings>(scope.ServiceProvider).RunAsync(invocation, cancellationToken);
    }

    public static async Task SendAsync(RegistrationApp app, MatchingWork work)
    {
        var queue = Queue(app);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(MatchingWorkQueue.Serialize(work));
    }

    /// <summary>Processes messages one at a time until the queue is empty; returns how many were handled.</summary>
    public static async Task<int> DrainAsync(RegistrationApp app)
    {
        var queue = Queue(app);
        await queue.CreateIfNotExistsAsync();
        var handled = 0;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value;
            if (batch.Length == 0)
            {
                return handled;
            }

            await InvokeAsync(app, batch[0], CancellationToken.None);
            await queue.DeleteMessageAsync(batch[0].MessageId, batch[0].PopReceipt);
            handled++;
        }
    }
}
