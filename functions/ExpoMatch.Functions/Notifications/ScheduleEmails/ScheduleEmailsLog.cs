namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>Event ids 4010-4039 (the Notifications range). Ids only: never addresses or names.</summary>
internal static partial class ScheduleEmailsLog
{
    [LoggerMessage(4010, LogLevel.Warning, "Schedule email job {MessageId} is not a valid job; dropped")]
    public static partial void InvalidJob(ILogger logger, string messageId);

    [LoggerMessage(4011, LogLevel.Information, "Schedule email {OutboxKey} of event {EventId} sent (provider id {ProviderMessageId})")]
    public static partial void Sent(ILogger logger, string eventId, string outboxKey, string? providerMessageId);

    [LoggerMessage(4012, LogLevel.Debug, "Schedule email {OutboxKey} of event {EventId} is owned by another send (status {Status}); stopping")]
    public static partial void OwnedElsewhere(ILogger logger, string eventId, string outboxKey, string? status);

    [LoggerMessage(4013, LogLevel.Warning, "Schedule email {OutboxKey} of event {EventId} failed transiently (status {Status}); the queue retries it")]
    public static partial void TransientFailure(ILogger logger, string eventId, string outboxKey, int? status);

    [LoggerMessage(4014, LogLevel.Error, "Schedule email {OutboxKey} of event {EventId} failed permanently: {Error}")]
    public static partial void PermanentFailure(ILogger logger, string eventId, string outboxKey, string error);

    [LoggerMessage(4015, LogLevel.Information, "Participant {ParticipantId} of event {EventId} is suppressed (bounced address); no email")]
    public static partial void Suppressed(ILogger logger, string eventId, string participantId);

    [LoggerMessage(4016, LogLevel.Information, "Timer queued {Schedules} schedule and {Agendas} agenda emails for event {EventId}")]
    public static partial void TimerQueued(ILogger logger, string eventId, int schedules, int agendas);

    [LoggerMessage(4017, LogLevel.Information, "Organiser send {SendId} of event {EventId} queued for {Total} participants ({Queued} jobs queued by this fan-out)")]
    public static partial void OrganiserSendQueued(ILogger logger, string eventId, string sendId, int total, int queued);

    [LoggerMessage(4023, LogLevel.Information, "Organiser send {SendId} of event {EventId} recorded; its fan-out is pending work")]
    public static partial void OrganiserSendRecorded(ILogger logger, string eventId, string sendId);

    [LoggerMessage(4018, LogLevel.Information, "Webhook batch: {Applied} applied, {Duplicates} duplicates, {Ignored} ignored")]
    public static partial void WebhookApplied(ILogger logger, int applied, int duplicates, int ignored);

    [LoggerMessage(4019, LogLevel.Warning, "Webhook batch could not be stored; SendGrid will retry")]
    public static partial void WebhookStorageFailed(ILogger logger, Exception exception);

    [LoggerMessage(4021, LogLevel.Warning, "Schedule email {OutboxKey} of event {EventId}: SendGrid did not answer; left as sending for the webhook to settle, never resent")]
    public static partial void OutcomeUnknown(ILogger logger, string eventId, string outboxKey);

    [LoggerMessage(4020, LogLevel.Information, "Schedule email {OutboxKey} of event {EventId} reconciled from webhook event {Event}")]
    public static partial void Reconciled(ILogger logger, string eventId, string outboxKey, string @event);

    [LoggerMessage(4022, LogLevel.Information, "Exhibitor review email {Kind} for {ParticipantId} of event {EventId} skipped: the exhibitor's status no longer matches")]
    public static partial void DecisionOutdated(ILogger logger, string eventId, string participantId, string kind);
}
