using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

public sealed record SendGridEventsResult(int Applied, int Duplicates, int Ignored);

/// <summary>
/// POST /api/sendgrid/events: SendGrid's signed Event Webhook. The signature is checked over the raw bytes (401 when
/// missing or wrong), the body must be a JSON array of events (400), and storage trouble answers 503 so SendGrid
/// retries the batch. Each event is applied idempotently and then remembered by sg_event_id (create-only), so a
/// redelivered event is skipped and a batch that failed half-way is applied again safely.
/// </summary>
public static class SendGridEventsApi
{
    /// <summary>SendGrid posts batches of up to about 768 KB; leave room.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static async Task<Results<Ok<SendGridEventsResult>, ProblemHttpResult>> Receive(
        HttpContext http, SendGridWebhookVerifier verifier, ScheduleEmailStore store, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(SendGridEventsApi));
        var body = await ReadAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return Problems.PayloadTooLarge(MaxBodyBytes);
        }

        var verdict = verifier.Verify(
            http.Request.Headers[SendGridWebhookVerifier.SignatureHeader].ToString(),
            http.Request.Headers[SendGridWebhookVerifier.TimestampHeader].ToString(),
            body);
        if (verdict != WebhookVerificationResult.Valid)
        {
            NotificationsLog.WebhookRejected(logger, verdict);
            return Problems.Unauthorized("The SendGrid event webhook signature is missing or does not verify.");
        }

        IReadOnlyList<SendGridEvent> events;
        try
        {
            events = SendGridEventParser.Parse(body);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("The body must be a JSON array of SendGrid events.");
        }

        int applied = 0, duplicates = 0, ignored = 0;
        try
        {
            var seen = await store.WebhookEventsAsync(cancellationToken);
            foreach (var e in events)
            {
                if (e.SgEventId is not { Length: > 0 } sgEventId)
                {
                    ignored++;
                    continue;
                }

                var (partition, row) = ScheduleEmailRows.WebhookEventKey(sgEventId);
                if (await seen.GetEntityOrNullAsync(partition, row, [ScheduleEmailRows.Status], cancellationToken) is not null)
                {
                    duplicates++;
                    continue;
                }

                if (await ApplyAsync(e, store, time.GetUtcNow(), logger, cancellationToken))
                {
                    applied++;
                }
                else
                {
                    ignored++;
                }

                try
                {
                    await seen.AddEntityAsync(new TableEntity(partition, row) { [ScheduleEmailRows.Status] = e.Event }, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == StorageStatus.Conflict)
                {
                    // The same event in a concurrent delivery; applying it twice was harmless.
                }
            }
        }
        catch (RequestFailedException e)
        {
            ScheduleEmailsLog.WebhookStorageFailed(logger, e);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable.",
                detail: "The events could not be stored; retry later.");
        }

        ScheduleEmailsLog.WebhookApplied(logger, applied, duplicates, ignored);
        return TypedResults.Ok(new SendGridEventsResult(applied, duplicates, ignored));
    }

    /// <summary>Applies one event to its outbox row; false when it is not about one of our schedule emails.</summary>
    private static async Task<bool> ApplyAsync(SendGridEvent e, ScheduleEmailStore store, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        var delivery = e.Event switch
        {
            "delivered" => DeliveryStatus.Delivered,
            "bounce" => DeliveryStatus.Bounced,
            "dropped" => DeliveryStatus.Dropped,
            _ => null,
        };
        if ((delivery is null && e.Event != "processed")
            || e.CustomArgs.GetValueOrDefault(EmailCustomArgs.EventId) is not { } eventId || !Ids.IsValid(eventId)
            || e.CustomArgs.GetValueOrDefault(EmailCustomArgs.OutboxId) is not { } outboxKey || !ScheduleEmailRows.IsOutboxKey(outboxKey))
        {
            return false;
        }

        var outbox = await store.OutboxAsync(cancellationToken);
        var row = await outbox.GetEntityOrNullAsync(eventId, outboxKey, cancellationToken: cancellationToken);
        if (row is null)
        {
            return false;
        }

        var update = new TableEntity(eventId, outboxKey) { [ScheduleEmailRows.UpdatedAt] = now };
        var status = row.GetString(ScheduleEmailRows.Status);
        var reconcile = status is OutboxStatus.Sending or OutboxStatus.Retry;
        if (reconcile)
        {
            // SendGrid accepted it: the sender died before recording that (or the webhook beat it). Never send again.
            update[ScheduleEmailRows.Status] = OutboxStatus.Sent;
            row[ScheduleEmailRows.Status] = OutboxStatus.Sent;
            if (e.SgMessageId is { } sg)
            {
                update[ScheduleEmailRows.ProviderMessageId] = sg.Split('.')[0];
            }
        }

        // A bounce or drop is final; a late "delivered" for the same message does not undo it.
        var current = row.GetString(ScheduleEmailRows.Delivery);
        if (delivery is not null && current is not (DeliveryStatus.Bounced or DeliveryStatus.Dropped))
        {
            update[ScheduleEmailRows.Delivery] = delivery;
            row[ScheduleEmailRows.Delivery] = delivery;
        }

        await outbox.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken);
        if (reconcile)
        {
            ScheduleEmailsLog.Reconciled(logger, eventId, outboxKey, e.Event);
            await store.ApplySentAsync(row, now, cancellationToken);
        }

        if (delivery is DeliveryStatus.Bounced or DeliveryStatus.Dropped && row.GetString(ScheduleEmailRows.EmailHash) is { Length: > 0 } emailHash)
        {
            await store.SuppressAsync(eventId, emailHash, delivery, now, cancellationToken);
        }

        if (delivery is not null && row.GetString(ScheduleEmailRows.ParticipantId) is { } participantId)
        {
            await store.SetLastStatusAsync(eventId, participantId, outboxKey, row.GetString(ScheduleEmailRows.Delivery) ?? delivery, now, cancellationToken);
        }

        return true;
    }

    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
