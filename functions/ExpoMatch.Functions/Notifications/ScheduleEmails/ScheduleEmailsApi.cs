using Azure.Data.Tables;
using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

public sealed record ScheduleEmailSendAccepted(string Id);

/// <summary>
/// An organiser send. <c>total</c> participants were queued; each is exactly one of sent (their current schedule went
/// out, by this send or earlier), failed, pending (not run yet, or in flight), suppressed (bounced address) or skipped
/// (withdrawn, or never had a meeting).
/// <c>delivered</c> and <c>bounced</c> are the part of <c>sent</c> the Event Webhook has reported on (bounced
/// includes dropped). <c>status</c> is <c>running</c> while anything is pending, then <c>completed</c>.
/// </summary>
public sealed record ScheduleEmailSendStatus(
    string Id, string Status, int Total, int Sent, int Failed, int Pending, int Delivered, int Bounced,
    int Suppressed, int Skipped, DateTimeOffset CreatedAt);

/// <summary>POST/GET /api/events/{eventId}/schedule-emails: the organiser sends everyone their schedule now.</summary>
public static class ScheduleEmailsApi
{
    public static async Task<Results<Accepted<ScheduleEmailSendAccepted>, ProblemHttpResult>> Start(
        string eventId, EventStore events, RegistrationTables tables, ScheduleEmailStore store, ScheduleEmailQueue queue,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var expo = await events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var participants = await tables.GetAsync(RegistrationTables.Participants, cancellationToken);
        var jobs = new List<ScheduleEmailJob>();
        var sendId = Ids.New();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and Status eq {ParticipantStatus.Active}");
        await foreach (var e in participants.QueryAsync<TableEntity>(filter, select: ["RowKey", ParticipantRow.Kind], cancellationToken: cancellationToken))
        {
            var separator = e.RowKey.IndexOf('~', StringComparison.Ordinal);
            if (separator > 0 && ParticipantKinds.TryParse(e.RowKey[..separator], out var kind))
            {
                jobs.Add(new ScheduleEmailJob(eventId, e.RowKey[(separator + 1)..], kind.Name(), ScheduleEmailKinds.Schedule, SendId: sendId));
            }
        }

        // The send row first, so its status is readable (as pending) while the jobs are queued and run.
        var state = await store.StateAsync(cancellationToken);
        await state.AddEntityAsync(new TableEntity(eventId, ScheduleEmailRows.SendKey(sendId))
        {
            [ScheduleEmailRows.Total] = jobs.Count,
            [ScheduleEmailRows.CreatedAt] = time.GetUtcNow(),
        }, cancellationToken);
        await queue.EnqueueAllAsync(jobs, cancellationToken);
        ScheduleEmailsLog.OrganiserSendQueued(loggers.CreateLogger(typeof(ScheduleEmailsApi)), eventId, sendId, jobs.Count);
        return TypedResults.Accepted($"/api/events/{eventId}/schedule-emails/{sendId}", new ScheduleEmailSendAccepted(sendId));
    }

    public static async Task<Results<Ok<ScheduleEmailSendStatus>, ProblemHttpResult>> Get(
        string eventId, string sendId, ScheduleEmailStore store, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId) || !Ids.IsValid(sendId))
        {
            return UnknownSend();
        }

        var state = await store.StateAsync(cancellationToken);
        var header = await state.GetEntityOrNullAsync(eventId, ScheduleEmailRows.SendKey(sendId), cancellationToken: cancellationToken);
        if (header is null)
        {
            return UnknownSend();
        }

        var members = new List<(string Outcome, string OutboxKey)>();
        await foreach (var e in state.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, ScheduleEmailRows.SendMemberPrefix(sendId)), cancellationToken: cancellationToken))
        {
            members.Add((e.GetString(ScheduleEmailRows.Outcome) ?? "", e.GetString(ScheduleEmailRows.OutboxKey) ?? ""));
        }

        var outbox = await OutboxRowsAsync(store, eventId, members.Where(m => m.OutboxKey.Length > 0).Select(m => m.OutboxKey), cancellationToken);
        int sent = 0, failed = 0, pending = 0, delivered = 0, bounced = 0, suppressed = 0, skipped = 0;
        foreach (var (outcome, outboxKey) in members)
        {
            switch (outcome)
            {
                case SendOutcome.Suppressed:
                    suppressed++;
                    break;
                case SendOutcome.Skipped:
                    skipped++;
                    break;
                default:
                    var row = outbox.GetValueOrDefault(outboxKey);
                    switch (row?.Status)
                    {
                        case OutboxStatus.Sent:
                            sent++;
                            delivered += row.Delivery == DeliveryStatus.Delivered ? 1 : 0;
                            bounced += row.Delivery is DeliveryStatus.Bounced or DeliveryStatus.Dropped ? 1 : 0;
                            break;
                        case OutboxStatus.Failed:
                            failed++;
                            break;
                        default:
                            pending++;
                            break;
                    }

                    break;
            }
        }

        var total = header.GetInt32(ScheduleEmailRows.Total) ?? 0;
        pending += Math.Max(0, total - members.Count);
        return TypedResults.Ok(new ScheduleEmailSendStatus(
            sendId, pending > 0 ? "running" : "completed", total, sent, failed, pending, delivered, bounced, suppressed, skipped,
            header.GetDateTimeOffset(ScheduleEmailRows.CreatedAt) ?? DateTimeOffset.MinValue));
    }

    private sealed record OutboxSummary(string? Status, string? Delivery);

    private static async Task<Dictionary<string, OutboxSummary>> OutboxRowsAsync(
        ScheduleEmailStore store, string eventId, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var table = await store.OutboxAsync(cancellationToken);
        var result = new Dictionary<string, OutboxSummary>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(keys.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (key, ct) =>
            {
                var row = await table.GetEntityOrNullAsync(eventId, key, [ScheduleEmailRows.Status, ScheduleEmailRows.Delivery], ct);
                if (row is not null)
                {
                    lock (result)
                    {
                        result[key] = new OutboxSummary(row.GetString(ScheduleEmailRows.Status), row.GetString(ScheduleEmailRows.Delivery));
                    }
                }
            });
        return result;
    }

    private static ProblemHttpResult UnknownSend() => Problems.NotFound("No schedule email send with this id for this event.");
}
