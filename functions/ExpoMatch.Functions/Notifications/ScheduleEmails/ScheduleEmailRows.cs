using System.Security.Cryptography;
using System.Text;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// The tables of the schedule mailer (ADR-001 lists <c>Outbox</c>; the other two follow its pattern).
/// <list type="bullet">
/// <item><c>Outbox</c>: PartitionKey event id; RowKey <c>{participantId}~{version}</c> (schedule) or
/// <c>{participantId}~agenda~{yyyy-MM-dd}</c> (daily agenda). Claimed create-only before sending.</item>
/// <item><c>EmailState</c>: PartitionKey event id; <c>participant~{id}</c> (last version sent, what it showed, last
/// status), <c>suppressed~{sha256(address)}</c> (bounced or dropped), <c>send~{sendId}</c> (an organiser send) and
/// <c>send~{sendId}~{participantId}</c> (which outbox row answers that send for that participant),
/// <c>agenda~{yyyy-MM-dd}</c> (the agenda fan-out for that day is done).</item>
/// <item><c>EmailEvents</c>: PartitionKey first two hex digits of sha256(sg_event_id), RowKey the full hash:
/// webhook events already applied (SendGrid delivers at least once).</item>
/// </list>
/// </summary>
public static partial class ScheduleEmailRows
{
    public const string OutboxTable = "Outbox";
    public const string StateTable = "EmailState";
    public const string EventsTable = "EmailEvents";

    public static IReadOnlyList<string> Tables { get; } = [OutboxTable, StateTable, EventsTable];

    public static string ScheduleOutboxKey(string participantId, int version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{participantId}~{version}");

    public static string AgendaOutboxKey(string participantId, DateOnly day) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{participantId}~agenda~{day:yyyy-MM-dd}");

    /// <summary>The outbox key of an exhibitor review's email: one per exhibitor and decision.</summary>
    public static string ExhibitorDecisionOutboxKey(string participantId, string kind) => $"{participantId}~{kind}";

    /// <summary>Whether a value (from a webhook's custom args) has the shape of an outbox row key we write.</summary>
    public static bool IsOutboxKey(string? value) => value is not null && OutboxKeyPattern().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9]{1,64}~([0-9]{1,10}|agenda~[0-9]{4}-[0-9]{2}-[0-9]{2}|exhibitor-approved|exhibitor-rejected)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex OutboxKeyPattern();

    public static string ParticipantStateKey(string participantId) => "participant~" + participantId;

    public const string ParticipantStatePrefix = "participant~";

    public static string SuppressionKey(string emailHash) => "suppressed~" + emailHash;

    public static string SendKey(string sendId) => "send~" + sendId;

    public static string SendMemberPrefix(string sendId) => "send~" + sendId + "~";

    public static string SendMemberKey(string sendId, string participantId) => SendMemberPrefix(sendId) + participantId;

    public static string AgendaFanOutKey(DateOnly day) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"agenda~{day:yyyy-MM-dd}");

    public static (string PartitionKey, string RowKey) WebhookEventKey(string sgEventId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sgEventId)));
        return (hash[..2], hash);
    }

    // Outbox columns.
    public const string Kind = "Kind";
    public const string ParticipantId = "ParticipantId";
    public const string ParticipantKind = "ParticipantKind";
    public const string Version = "Version";
    public const string Day = "Day";
    public const string SendId = "SendId";
    public const string Status = "Status";
    public const string Attempts = "Attempts";
    public const string ClaimedAt = "ClaimedAt";
    public const string UpdatedAt = "UpdatedAt";
    public const string ProviderMessageId = "ProviderMessageId";
    public const string Error = "Error";
    /// <summary>What the Event Webhook last said about delivery: delivered, bounced or dropped.</summary>
    public const string Delivery = "Delivery";
    /// <summary>JSON list of <see cref="ShownMeeting"/>: the meetings the email shows as booked.</summary>
    public const string Shown = "Shown";
    public const string EmailHash = "EmailHash";

    // EmailState participant columns (besides EmailHash, Shown, Status, UpdatedAt, ClaimedAt).
    public const string LastVersion = "LastVersion";
    public const string LastOutboxKey = "LastOutboxKey";

    // Send columns.
    public const string Total = "Total";
    public const string CreatedAt = "CreatedAt";
    public const string Outcome = "Outcome";
    public const string OutboxKey = "OutboxKey";
}

/// <summary>Values of the outbox row's <c>Status</c>.</summary>
public static class OutboxStatus
{
    /// <summary>Claimed; the send is in flight, or the sender died before recording it (the webhook settles it).</summary>
    public const string Sending = "sending";
    /// <summary>A transient failure: the same job may claim it again (ETag-guarded) and resend.</summary>
    public const string Retry = "retry";
    public const string Sent = "sent";
    /// <summary>Permanent: SendGrid refused the request itself; not retried.</summary>
    public const string Failed = "failed";
}

/// <summary>Values of <c>Delivery</c> (outbox) and of the participant's last email status.</summary>
public static class DeliveryStatus
{
    public const string Delivered = "delivered";
    public const string Bounced = "bounced";
    public const string Dropped = "dropped";
}

/// <summary>What a job of an organiser send came to for its participant (besides an outbox row).</summary>
public static class SendOutcome
{
    /// <summary>
    /// An outbox row answers it: the one this job claimed, the one another job claimed for the same version, or the
    /// one that carried the version the participant already has. Its status is the answer.
    /// </summary>
    public const string Outbox = "outbox";
    /// <summary>The address bounced or was dropped before; not mailed until it changes.</summary>
    public const string Suppressed = "suppressed";
    /// <summary>Withdrawn, or nothing to tell (no meetings ever).</summary>
    public const string Skipped = "skipped";
}
