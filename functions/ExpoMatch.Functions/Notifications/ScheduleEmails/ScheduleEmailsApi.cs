using Azure.Data.Tables;
using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

public sealed record ScheduleEmailSendAccepted(string Id);

/// <summary>
/// An organiser send. <c>total</c> participants are covered (while <c>running</c>, those the fan-out has listed so far); each is exactly one of sent (their current schedule went
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
    /// <summary>
    /// Records the send and its fan-out as one transaction and answers at once: listing the participants and queueing
    /// their jobs is the fan-out's work (<see cref="SendScheduleEmail"/>), so a request cut short after the commit
    /// loses nothing, and an event of tens of thousands answers as fast as a small one.
    /// </summary>
    public static async Task<Results<Accepted<ScheduleEmailSendAccepted>, ProblemHttpResult>> Start(
        string eventId, EventStore events, OrganiserSendStore sends, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var expo = await events.GetAsync(eventId, cancellationToken);
        if (expo is null)
        {
            return EventsApi.UnknownEvent();
        }

        var sendId = Ids.New();
        await sends.CreateAsync(eventId, sendId, time.GetUtcNow(), cancellationToken);
        ScheduleEmailsLog.OrganiserSendRecorded(loggers.CreateLogger(typeof(ScheduleEmailsApi)), eventId, sendId);
        return TypedResults.Accepted($"/api/events/{eventId}/schedule-emails/{sendId}", new ScheduleEmailSendAccepted(sendId));
    }

    public static async Task<Results<Ok<ScheduleEmailSendStatus>, ProblemHttpResult>> Get(
        string eventId, string sendId, OrganiserSendStore sends, ScheduleEmailStore store, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId) || !Ids.IsValid(sendId))
        {
            return UnknownSend();
        }

        var header = await sends.GetHeaderAsync(eventId, sendId, cancellationToken);
        if (header is null)
        {
            return UnknownSend();
        }

        var members = await sends.ListMembersAsync(eventId, sendId, cancellationToken);
        var outbox = await OutboxRowsAsync(store, eventId, members.Where(m => m.OutboxKey.Length > 0).Select(m => m.OutboxKey), cancellationToken);
        int sent = 0, failed = 0, pending = 0, delivered = 0, bounced = 0, suppressed = 0, skipped = 0;
        foreach (var (_, _, outcome, outboxKey) in members)
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

        // Until the fan-out has fixed the member list, the send is running whatever its members say so far.
        var running = pending > 0 || !OrganiserSendStore.IsFannedOut(header);
        return TypedResults.Ok(new ScheduleEmailSendStatus(
            sendId, running ? "running" : "completed", members.Count, sent, failed, pending, delivered, bounced, suppressed, skipped,
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
