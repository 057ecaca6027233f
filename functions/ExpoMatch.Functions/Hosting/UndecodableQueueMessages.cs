using Azure.Storage.Queues;
using ExpoMatch.Functions.Storage;
using Microsoft.Extensions.Azure;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// What the Functions host does with a received message that is not Base64 (its QueueServiceClientProvider's
/// MessageDecodingFailed handler): no function can read it, so it goes to {queue}-poison exactly as it was on the
/// wire (through a client that does not encode), and is deleted from the queue. Without a handler the SDK would
/// fail the whole receive, and the batch would come back again and again.
/// </summary>
internal static class UndecodableQueueMessages
{
    public static async Task MoveToPoisonAsync(QueueMessageDecodingFailedEventArgs args, IServiceProvider services)
    {
        if (args.ReceivedMessage is not { } message)
        {
            return; // Peeked: nothing to move, and the message stays where it is.
        }

        var raw = services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(StorageRegistration.RawQueueClientName);
        var poison = raw.GetQueueClient(args.Queue.Name + QueueFunctionDescriptor.PoisonSuffix);
        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        await poison.SendMessageAsync(message.Body.ToString(), cancellationToken: args.CancellationToken);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
        TriggerLog.UndecodableMessagePoisoned(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UndecodableQueueMessages)),
            args.Queue.Name, message.MessageId);
    }
}
