using Azure.Data.Tables;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.FollowUpWork;

/// <summary>
/// Timer (every 15 s by default): delivers pending work that the request which recorded it did not (it was
/// cancelled, died, or the queue was down), for every table in <see cref="PendingWork.Tables"/>, in the events in play
/// (not ended more than <see cref="PendingWorkOptions.ActiveAfterEnd"/> ago) and, once an hour
/// (<see cref="FullSweepSchedule"/>), in every event.
/// Rows younger than <see cref="PendingWorkOptions.DeliverAfter"/> are left to their request. One indexed range query
/// per event and table; overlapping runs or a delivery racing its request only send a duplicate, which consumers
/// ignore. A row that cannot be delivered stays and is tried on the next run, until it is delivered.
/// </summary>
public sealed class DeliverPendingWork(
    RegistrationTables tables,
    EventStore events,
    PendingWorkDelivery delivery,
    FullSweepSchedule fullSweeps,
    IOptions<PendingWorkOptions> options,
    TimeProvider time,
    ILogger<DeliverPendingWork> logger)
{
    public const string ScheduleSetting = "ExpoMatch:Schedules:DeliverPendingWork";

    [Function(nameof(DeliverPendingWork))]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(TimerInvocation.From(timer), context.CancellationToken);

    public async Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var eventIds = fullSweeps.TakeDue(now)
            ? await events.ListIdsAsync(cancellationToken)
            : await events.ListIdsEndingAfterAsync(now - options.Value.ActiveAfterEnd, cancellationToken);
        await DeliverAsync(eventIds, now - options.Value.DeliverAfter, cancellationToken);
    }

    /// <summary>Delivers the pending-work rows of <paramref name="eventIds"/> recorded before <paramref name="recordedBefore"/>; returns how many.</summary>
    public async Task<int> DeliverAsync(IEnumerable<string> eventIds, DateTimeOffset recordedBefore, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var eventId in eventIds)
        {
            delivered += await DeliverForEventAsync(eventId, recordedBefore, cancellationToken);
        }

        return delivered;
    }

    /// <summary>Delivers one event's pending-work rows recorded before <paramref name="recordedBefore"/>.</summary>
    public async Task<int> DeliverForEventAsync(string eventId, DateTimeOffset recordedBefore, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var name in PendingWork.Tables)
        {
            delivered += await DeliverAsync(await tables.GetAsync(name, cancellationToken), eventId, recordedBefore, cancellationToken);
        }

        return delivered;
    }

    private async Task<int> DeliverAsync(TableClient table, string eventId, DateTimeOffset recordedBefore, CancellationToken cancellationToken)
    {
        var filter = TableQueries.And(
            TableQueries.RowKeyStartsWith(eventId, PendingWork.RowPrefix),
            TableClient.CreateQueryFilter($"WorkRecordedAt lt {recordedBefore}"));
        var done = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            try
            {
                await delivery.DeliverAsync(table, row, cancellationToken);
                done.Add(row.RowKey);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is Azure.RequestFailedException or AggregateException)
            {
                PendingWorkLog.DeliveryFailed(logger, table.Name, eventId, row.RowKey, e.GetType().Name);
            }
        }

        if (done.Count > 0)
        {
            PendingWorkLog.Delivered(logger, done.Count, eventId, table.Name, string.Join(',', done));
        }

        return done.Count;
    }
}
