using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Notifications;

/// <summary>Sends an <see cref="EmailMessage"/> as one SendGrid personalization (one recipient per schedule email).</summary>
public sealed class SendGridEmailSender(SendGridClient client, IOptions<SendGridOptions> options, ILogger<SendGridEmailSender> logger) : IEmailSender
{
    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var result = await client.SendAsync(ToSendGridMail(message, options.Value), cancellationToken);
        NotificationsLog.SentViaSendGrid(logger, message.MessageId, result.MessageId);
        return new EmailSendResult(message.MessageId, result.MessageId);
    }

    public static SendGridMail ToSendGridMail(EmailMessage message, SendGridOptions settings)
    {
        var customArgs = new Dictionary<string, string>(message.CustomArgs)
        {
            [EmailCustomArgs.MessageId] = message.MessageId,
        };
        return new SendGridMail(
            [new SendGridPersonalization([new SendGridAddress(message.To.Email, message.To.Name)])],
            new SendGridAddress(settings.FromEmail, settings.FromName),
            message.Subject,
            [new SendGridContent("text/plain", message.TextBody), new SendGridContent("text/html", message.HtmlBody)])
        {
            Attachments = message.Attachments.Count == 0
                ? null
                : message.Attachments.Select(a => new SendGridAttachment(a.Content, a.FileName) { Type = a.ContentType, Disposition = a.Disposition }).ToList(),
            Categories = message.Categories.Count == 0 ? null : message.Categories,
            CustomArgs = customArgs,
        };
    }
}
