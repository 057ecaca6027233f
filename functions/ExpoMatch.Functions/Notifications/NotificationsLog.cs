namespace ExpoMatch.Functions.Notifications;

/// <summary>Event ids 4000-4099. Ids only: never addresses, names or keys.</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(4001, LogLevel.Warning, "SendGrid attempt {Attempt} failed with status {Status}; retrying in {DelayMs} ms")]
    public static partial void SendGridRetrying(ILogger logger, int? status, int attempt, double delayMs);

    [LoggerMessage(4002, LogLevel.Error, "SendGrid still failing after {Attempts} attempts (last status {Status}); giving up")]
    public static partial void SendGridGaveUp(ILogger logger, int attempts, int? status);

    [LoggerMessage(4003, LogLevel.Information, "Email {MessageId} accepted by SendGrid as {SendGridMessageId}")]
    public static partial void SentViaSendGrid(ILogger logger, string messageId, string? sendGridMessageId);

    [LoggerMessage(4004, LogLevel.Information, "Email {MessageId} written to the outbox as {FileName}")]
    public static partial void WrittenToOutbox(ILogger logger, string messageId, string fileName);

    [LoggerMessage(4005, LogLevel.Warning, "SendGrid event webhook rejected: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, WebhookVerificationResult reason);
}
