using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Keeps a received message invisible while its handler runs, as the host's UpdateQueueMessageVisibilityCommand does:
/// every half lease it extends the visibility by a full lease and keeps the new pop receipt (the old one is void
/// after an update). A failed renewal is retried sooner (halving the interval); a 404 or PopReceiptMismatch means
/// the message is no longer ours, so renewing stops for good.
/// </summary>
internal sealed class QueueMessageLease
{
    private readonly QueueClient _queue;
    private readonly QueueMessage _message;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _functionName;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private string _popReceipt;
    private string? _lostReason;

    private QueueMessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger, string functionName)
    {
        _queue = queue;
        _message = message;
        _lease = lease;
        _time = time;
        _logger = logger;
        _functionName = functionName;
        _popReceipt = message.PopReceipt;
        _renewals = Task.Run(RenewAsync);
    }

    public static QueueMessageLease Start(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger, string functionName) =>
        new(queue, message, lease, time, logger, functionName);

    /// <summary>Stops renewing; returns the current pop receipt, or null with the reason when the message was lost.</summary>
    public async Task<(string? PopReceipt, string? LostReason)> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
        return _lostReason is null ? (_popReceipt, null) : (null, _lostReason);
    }

    private async Task RenewAsync()
    {
        var normal = _lease / 2;
        var minimum = TimeSpan.FromSeconds(Math.Min(1, normal.TotalSeconds));
        var interval = normal;
        while (true)
        {
            try
            {
                await Task.Delay(interval, _time, _stop.Token);
                // Not cancellable: an update that lands unseen would void the receipt we hold.
                UpdateReceipt receipt = await _queue.UpdateMessageAsync(_message.MessageId, _popReceipt, messageText: null, _lease, CancellationToken.None);
                _popReceipt = receipt.PopReceipt;
                interval = normal;
                TriggerLog.LeaseRenewed(_logger, _functionName, _message.MessageId, receipt.NextVisibleOn);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException e) when (QueueListener.IsNoLongerOurs(e))
            {
                _lostReason = e.Status == StorageStatus.NotFound ? "not found" : "pop receipt mismatch";
                return;
            }
            catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
            {
                // Transient (the pipeline already retried): try again sooner, before the visibility runs out.
                TriggerLog.StorageError(_logger, _functionName, "renewing a message lease", e.GetType().Name, (e as RequestFailedException)?.Status ?? 0);
                interval = interval / 2 > minimum ? interval / 2 : minimum;
            }
        }
    }
}
