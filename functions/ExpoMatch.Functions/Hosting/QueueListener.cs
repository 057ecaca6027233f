using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Runs one queue function as the Functions host does (Microsoft.Azure.WebJobs.Extensions.Storage QueueListener and
/// QueueProcessor): receive up to BatchSize messages hidden for the lease (10 min), start them all, fetch again as
/// soon as no more than NewBatchThreshold are in flight, back off randomly and exponentially while the queue is
/// empty. Per message: DequeueCount &gt; max goes to poison without running; otherwise the handler runs with the lease
/// renewed; success deletes; failure at DequeueCount &gt;= max goes to poison, below that the message is made visible
/// again after VisibilityTimeout.
/// </summary>
/// <remarks>
/// Stopping: no more receives; in-flight handlers may finish until the host's shutdown timeout, then their token is
/// cancelled and the messages still unfinished are released (visible at once) instead of waiting out the lease.
/// </remarks>
internal sealed class QueueListener
{
    private readonly QueueFunctionDescriptor _function;
    private readonly QueueClient _queue;
    private readonly QueueClient _poisonQueue;
    private readonly IServiceScopeFactory _scopes;
    private readonly StandaloneTriggerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _inFlight = [];
    private Task _polling = Task.CompletedTask;

    public QueueListener(
        QueueFunctionDescriptor function,
        QueueServiceClient queues,
        IServiceScopeFactory scopes,
        StandaloneTriggerOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _function = function;
        _queue = queues.GetQueueClient(function.QueueName);
        _poisonQueue = queues.GetQueueClient(function.PoisonQueueName);
        _scopes = scopes;
        _options = options;
        _time = time;
        _logger = logger;
        _abort.Token.Register(() => _aborted.TrySetResult());
    }

    public void Start()
    {
        TriggerLog.QueueListenerStarted(_logger, _function.Name, _function.QueueName, _options.BatchSize,
            _options.EffectiveNewBatchThreshold, _options.MaxPollingInterval);
        _polling = Task.Run(PollAsync);
    }

    /// <param name="cancellationToken">The host's shutdown timeout: when it fires, unfinished handlers are cancelled and released.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopFetching.CancelAsync();
        await using (cancellationToken.Register(() => _abort.Cancel()))
        {
            await _polling;
            await Task.WhenAll(_inFlight);
        }
    }

    /// <summary>Cancels whatever still runs (for a host that is disposed without stopping).</summary>
    public void Abort()
    {
        _stopFetching.Cancel();
        _abort.Cancel();
    }

    private async Task PollAsync()
    {
        var stopping = _stopFetching.Token;
        var backoff = new PollingBackoff(_options.MinPollingInterval, _options.MaxPollingInterval);
        var foundSinceLastDelay = false;
        var queuesReady = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!queuesReady)
                {
                    await _queue.CreateIfNotExistsAsync(cancellationToken: stopping);
                    await _poisonQueue.CreateIfNotExistsAsync(cancellationToken: stopping);
                    queuesReady = true;
                }

                await WaitForNewBatchThresholdAsync(stopping);

                // Not cancelled by stopping: a receive cut off mid-flight could hide messages for a whole lease.
                QueueMessage[] batch = await _queue.ReceiveMessagesAsync(_options.BatchSize, _options.MessageLease, _abort.Token);
                if (stopping.IsCancellationRequested)
                {
                    _inFlight.AddRange(batch.Select(ReleaseUnstartedAsync));
                    break;
                }

                if (batch.Length > 0)
                {
                    foundSinceLastDelay = true;
                    _inFlight.AddRange(batch.Select(ProcessAsync));
                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested || _abort.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // QueueNotFound (deleted under us), 5xx or network after the pipeline's retries, or an unreadable
                // response: back off and try again rather than let the listener die silently.
                queuesReady = false;
                TriggerLog.StorageError(_logger, _function.Name, "polling", e.GetType().Name, (e as Azure.RequestFailedException)?.Status ?? 0);
            }

            try
            {
                await Task.Delay(backoff.Next(foundSinceLastDelay), _time, stopping);
                foundSinceLastDelay = false;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>The host fetches the next batch once in-flight messages drop to NewBatchThreshold.</summary>
    private async Task WaitForNewBatchThresholdAsync(CancellationToken cancellationToken)
    {
        _inFlight.RemoveAll(t => t.IsCompleted);
        while (_inFlight.Count > _options.EffectiveNewBatchThreshold)
        {
            await Task.WhenAny(_inFlight).WaitAsync(cancellationToken);
            _inFlight.RemoveAll(t => t.IsCompleted);
        }
    }

    private async Task ProcessAsync(QueueMessage message)
    {
        // Off the polling loop: a handler that blocks before its first await must not stall receiving.
        await Task.Yield();
        try
        {
            TriggerLog.MessageReceived(_logger, _function.Name, message.MessageId, message.DequeueCount);
            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                // The host's BeginProcessingMessageAsync: an attempt that never completed (a crash) still counts.
                await MoveToPoisonAsync(message, message.PopReceipt);
                return;
            }

            var lease = QueueMessageLease.Start(_queue, message, _options.MessageLease, _time, _logger, _function.Name);
            var handler = Task.Run(() => InvokeAsync(message));
            await Task.WhenAny(handler, _aborted.Task);
            var (popReceipt, lostReason) = await lease.StopAsync();
            if (popReceipt is null)
            {
                TriggerLog.MessageLost(_logger, _function.Name, message.MessageId, lostReason!);
                return;
            }

            if (handler.IsCompletedSuccessfully)
            {
                if (await TryDeleteAsync(message.MessageId, popReceipt))
                {
                    TriggerLog.MessageSucceeded(_logger, _function.Name, message.MessageId, message.DequeueCount);
                }
                else
                {
                    TriggerLog.MessageLost(_logger, _function.Name, message.MessageId, "gone before delete");
                }
            }
            else if (!handler.IsCompleted || _abort.IsCancellationRequested)
            {
                await ReleaseAsync(message, popReceipt, TimeSpan.Zero);
                TriggerLog.MessageReleasedAtShutdown(_logger, _function.Name, message.MessageId, message.DequeueCount);
            }
            else
            {
                // The exception is logged as the type and stack the logger records; messages never hold message text here.
                var failure = handler.Exception?.GetBaseException() ?? new OperationCanceledException("The handler was cancelled.");
                var poisoned = message.DequeueCount >= _options.MaxDequeueCount;
                TriggerLog.MessageFailed(_logger, _function.Name, message.MessageId, message.DequeueCount,
                    poisoned ? TimeSpan.Zero : _options.VisibilityTimeout, failure);
                await (poisoned ? MoveToPoisonAsync(message, popReceipt) : ReleaseAsync(message, popReceipt, _options.VisibilityTimeout));
            }
        }
        catch (Exception e)
        {
            // Storage failed while completing: the message stays invisible until its lease runs out and is then
            // received again (at-least-once). Nothing may fault this task: StopAsync awaits it.
            TriggerLog.StorageError(_logger, _function.Name, "completing a message", e.GetType().Name, (e as Azure.RequestFailedException)?.Status ?? 0);
        }
    }

    private async Task InvokeAsync(QueueMessage message)
    {
        var invocation = new QueueInvocation(
            _function.QueueName,
            message.Body.ToString(),
            message.MessageId,
            message.DequeueCount,
            message.InsertedOn,
            message.ExpiresOn,
            message.NextVisibleOn,
            message.PopReceipt);
        await using var scope = _scopes.CreateAsyncScope();
        await _function.InvokeAsync(scope.ServiceProvider, invocation, _abort.Token);
    }

    private async Task ReleaseUnstartedAsync(QueueMessage message)
    {
        try
        {
            await ReleaseAsync(message, message.PopReceipt, TimeSpan.Zero);
            TriggerLog.MessageReleasedAtShutdown(_logger, _function.Name, message.MessageId, message.DequeueCount);
        }
        catch (Exception e)
        {
            // It comes back by itself when its lease runs out.
            TriggerLog.StorageError(_logger, _function.Name, "releasing a message", e.GetType().Name, (e as Azure.RequestFailedException)?.Status ?? 0);
        }
    }

    /// <summary>The host's ReleaseMessageAsync: a message someone else holds, or that is gone, needs nothing.</summary>
    private async Task ReleaseAsync(QueueMessage message, string popReceipt, TimeSpan visibilityTimeout)
    {
        try
        {
            await _queue.UpdateMessageAsync(message.MessageId, popReceipt, messageText: null, visibilityTimeout, CancellationToken.None);
        }
        catch (RequestFailedException e) when (IsNoLongerOurs(e))
        {
            TriggerLog.MessageLost(_logger, _function.Name, message.MessageId, e.ErrorCode ?? "gone");
        }
    }

    /// <summary>Copies the text to {queue}-poison (created if it went missing), then deletes the original.</summary>
    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt)
    {
        try
        {
            await _poisonQueue.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException e) when (e.Status == StorageStatus.NotFound)
        {
            await _poisonQueue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            await _poisonQueue.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        }

        TriggerLog.MessagePoisoned(_logger, _function.Name, message.MessageId, message.DequeueCount, _options.MaxDequeueCount, _function.PoisonQueueName);
        await TryDeleteAsync(message.MessageId, popReceipt);
    }

    /// <summary>Deletes a message we hold; false when it is already gone or was dequeued again by someone else.</summary>
    private async Task<bool> TryDeleteAsync(string messageId, string popReceipt)
    {
        try
        {
            await _queue.DeleteMessageAsync(messageId, popReceipt, CancellationToken.None);
            return true;
        }
        catch (RequestFailedException e) when (IsNoLongerOurs(e))
        {
            return false;
        }
    }

    /// <summary>404: deleted or expired; 400 PopReceiptMismatch: our visibility ran out and another receiver took it.</summary>
    internal static bool IsNoLongerOurs(RequestFailedException e) =>
        e.Status == StorageStatus.NotFound || e.ErrorCode == StorageStatus.PopReceiptMismatch;
}
