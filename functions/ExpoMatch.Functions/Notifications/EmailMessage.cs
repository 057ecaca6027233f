namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// One email as the features see it, independent of how it is delivered. <see cref="MessageId"/> is ours and
/// deterministic (participant + schedule version), so a re-send of the same message is recognisable everywhere.
/// </summary>
public sealed record EmailMessage(
    string MessageId,
    EmailAddress To,
    string Subject,
    string TextBody,
    string HtmlBody)
{
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>SendGrid categories (at most 10); handy for filtering in the SendGrid UI.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Ids only (never personal data): SendGrid echoes them back in every webhook event.</summary>
    public IReadOnlyDictionary<string, string> CustomArgs { get; init; } = new Dictionary<string, string>();
}

public sealed record EmailAddress(string Email, string? Name = null);

/// <summary>An attached file; <see cref="ContentType"/> may carry parameters (text/calendar; method=REQUEST).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content)
{
    public string Disposition { get; init; } = "attachment";
}

/// <summary>What a sender reports back: the provider's id (SendGrid X-Message-Id, or the .eml path locally).</summary>
public sealed record EmailSendResult(string MessageId, string? ProviderMessageId);

/// <summary>Delivers emails. SendGrid when an API key is configured, .eml files in an outbox folder otherwise.</summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>The custom_args keys we put on every email, so webhook events can be tied back to our records.</summary>
public static class EmailCustomArgs
{
    public const string MessageId = "expomatch_message_id";
    public const string EventId = "expomatch_event_id";
    public const string ParticipantId = "expomatch_participant_id";
    public const string ScheduleVersion = "expomatch_schedule_version";

    /// <summary>The outbox row (ADR-001) that owns the email: the webhook settles a send whose result was never recorded.</summary>
    public const string OutboxId = "expomatch_outbox_id";

    public static readonly IReadOnlyList<string> All = [MessageId, EventId, ParticipantId, ScheduleVersion, OutboxId];
}
