using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ExpoMatch.LocalHost.Hosting;
using ExpoMatch.LocalHost.Worker;
using ExpoMatch.LocalHost.Worker.Protocol;

namespace ExpoMatch.LocalHost.Queues;

/// <summary>
/// One queue-triggered function with the real host's semantics: batches of batchSize, a new batch when no more than
/// newBatchThreshold are running, back-off while empty, the message hidden for the visibility window and renewed while
/// the function runs, deleted on success, released after visibilityTimeout on failure, and moved to `{queue}-poison`
/// once it has been dequeued maxDequeueCount times.
/// </summary>
public sealed partial class QueueTriggerListener(
    FunctionDescriptor function,
    QueueClient queue,
    QueueClient poisonQueue,
    QueueTriggerSettings settings,
    TimeSpan visibilityWindow,
    WorkerSupervisor supervisor,
    FunctionInvoker invoker,
    ILogger logger)
{
    private readonly SemaphoreSlim _finished = new(0);
    private int _running;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new PollingBackoff(settings.MaxPollingInterval);
        var outage = new StorageOutage(logger, $"queue '{queue.Name}' for 'Functions.{function.Name}'");
        var inFlight = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Volatile.Read(ref _running) > settings.NewBatchThreshold)
            {
                await _finished.WaitAsync(stoppingToken);
                continue;
            }

            await supervisor.WaitReadyAsync(stoppingToken);
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, visibilityWindow, stoppingToken)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                messages = []; // The queue does not exist yet: the host waits for it like for an empty one.
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage unreachable, timing out or failing: one warning per outage, then keep polling, backing off.
                outage.Failed(e);
                await Task.Delay(backoff.Next(), stoppingToken);
                continue;
            }

            outage.Answered();
            if (messages.Length == 0)
            {
                await Task.Delay(backoff.Next(), stoppingToken);
                continue;
            }

            backoff.Reset();
            inFlight.RemoveAll(t => t.IsCompleted);
            foreach (var message in messages)
            {
                Interlocked.Increment(ref _running);
                inFlight.Add(Task.Run(() => ProcessAsync(message, stoppingToken), CancellationToken.None));
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessCoreAsync(message, stoppingToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Lost the message (its pop receipt expired, storage is down, or we are stopping): it reappears after its
            // visibility timeout and is delivered again.
            LogMessageAbandoned(function.Name, message.MessageId, e.GetType().Name + ": " + FirstLine(e.Message));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _finished.Release();
        }
    }

    private async Task ProcessCoreAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        var raw = message.Body.ToString();
        var text = Decode(raw);
        if (text is null || message.DequeueCount > settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, raw, message.PopReceipt, stoppingToken);
            return;
        }

        var receipt = new PopReceiptHolder(message.PopReceipt);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewAsync(message.MessageId, receipt, renewing.Token);
        InvocationOutcome outcome;
        try
        {
            var worker = await supervisor.WaitReadyAsync(stoppingToken);
            outcome = await invoker.InvokeAsync(worker, function, Request(message, text), $"New queue message detected on '{queue.Name}'.", CancellationToken.None);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        // Settling a message the function has finished with must not be cut short by shutdown, only bounded.
        using var settling = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (outcome.Success)
        {
            await queue.DeleteMessageAsync(message.MessageId, receipt.Value, settling.Token);
        }
        else if (message.DequeueCount >= settings.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, raw, receipt.Value, settling.Token);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: settling.Token);
        }
    }

    private InvocationRequest Request(QueueMessage message, string text)
    {
        var request = new InvocationRequest();
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = TypedDataValues.Text(text) });
        var metadata = request.TriggerMetadata;
        metadata["QueueTrigger"] = TypedDataValues.Text(text);
        metadata["Id"] = TypedDataValues.Text(message.MessageId);
        metadata["PopReceipt"] = TypedDataValues.Text(message.PopReceipt);
        metadata["DequeueCount"] = TypedDataValues.Number(message.DequeueCount);
        metadata["InsertionTime"] = TypedDataValues.Time(message.InsertedOn);
        metadata["ExpirationTime"] = TypedDataValues.Time(message.ExpiresOn);
        metadata["NextVisibleTime"] = TypedDataValues.Time(message.NextVisibleOn);
        return request;
    }

    // Keeps the message hidden while the function runs: every half window, hide it for another window.
    private async Task RenewAsync(string messageId, PopReceiptHolder receipt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(visibilityWindow / 2, cancellationToken);
                var updated = await queue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: visibilityWindow, cancellationToken: cancellationToken);
                receipt.Value = updated.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            LogRenewalFailed(function.Name, messageId, e.GetType().Name + ": " + FirstLine(e.Message));
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string raw, string popReceipt, CancellationToken cancellationToken)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poisonQueue.SendMessageAsync(raw, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
        LogPoisoned(function.Name, message.MessageId, message.DequeueCount, poisonQueue.Name);
    }

    private string? Decode(string raw)
    {
        if (!settings.Base64Messages)
        {
            return raw;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(raw));
        }
        catch (FormatException)
        {
            return null; // Not Base64: the real host cannot decode it either and poisons it.
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private sealed class PopReceiptHolder(string value)
    {
        public string Value { get; set; } = value;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Message {MessageId} for 'Functions.{Function}' moved to '{PoisonQueue}' after {DequeueCount} deliveries (or undecodable)")]
    private partial void LogPoisoned(string function, string messageId, long dequeueCount, string poisonQueue);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Could not renew the visibility of message {MessageId} for 'Functions.{Function}': {Reason}")]
    private partial void LogRenewalFailed(string function, string messageId, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Message {MessageId} for 'Functions.{Function}' was abandoned: {Reason}")]
    private partial void LogMessageAbandoned(string function, string messageId, string reason);
}
