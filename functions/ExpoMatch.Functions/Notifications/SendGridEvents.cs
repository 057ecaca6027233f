using System.Text.Json;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// One Event Webhook event. <see cref="SgEventId"/> is unique per event (deduplicate on it: SendGrid retries);
/// <see cref="SgMessageId"/> starts with the X-Message-Id we got at send time; <see cref="CustomArgs"/> holds the
/// <see cref="EmailCustomArgs"/> we attached. Bounce/drop details (<see cref="Reason"/>, <see cref="Status"/>) are
/// kept because they decide whether to retry or to flag the address.
/// </summary>
public sealed record SendGridEvent(
    string Event,
    string? SgEventId,
    string? SgMessageId,
    string? Email,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, string> CustomArgs)
{
    public string? Reason { get; init; }

    public string? Status { get; init; }

    public string? Type { get; init; }

    public string? Response { get; init; }

    public string? Attempt { get; init; }

    /// <summary>Our message id (custom arg), when the event carries it.</summary>
    public string? MessageId => CustomArgs.GetValueOrDefault(EmailCustomArgs.MessageId);
}

public static class SendGridEventParser
{
    /// <summary>Parses the webhook body (a JSON array of events). Throws <see cref="JsonException"/> when it is not one.</summary>
    public static IReadOnlyList<SendGridEvent> Parse(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("A SendGrid event webhook body is a JSON array.");
        }

        var events = new List<SendGridEvent>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("Every SendGrid event is a JSON object.");
            }

            var kind = String(item, "event") ?? throw new JsonException("A SendGrid event without 'event'.");
            var timestamp = item.TryGetProperty("timestamp", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : throw new JsonException("A SendGrid event without a numeric 'timestamp'.");

            var customArgs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in EmailCustomArgs.All)
            {
                if (String(item, key) is { } value)
                {
                    customArgs[key] = value;
                }
            }

            events.Add(new SendGridEvent(kind, String(item, "sg_event_id"), String(item, "sg_message_id"), String(item, "email"), timestamp, customArgs)
            {
                Reason = String(item, "reason"),
                Status = String(item, "status"),
                Type = String(item, "type"),
                Response = String(item, "response"),
                Attempt = String(item, "attempt"),
            });
        }

        return events;
    }

    /// <summary>Strings as strings; numbers as their JSON text (SendGrid sends "attempt" and custom args either way).</summary>
    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
