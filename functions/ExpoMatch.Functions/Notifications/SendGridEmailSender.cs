using Microsoft.Extensions.Options;
using SendGrid.Helpers.Mail;
using SendGridAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace ExpoMatch.Functions.Notifications;

/// <summary>Sends an <see cref="EmailMessage"/> as one SendGrid personalization (one recipient per schedule email).</summary>
public sealed class SendGridEmailSender(SendGridMailClient client, IOptions<SendGridOptions> options, ILogger<SendGridEmailSender> logger) : IEmailSender
{
    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var result = await client.SendAsync(ToSendGridMessage(message, options.Value), cancellationToken);
        NotificationsLog.SentViaSendGrid(logger, message.MessageId, result.MessageId);
        return new EmailSendResult(message.MessageId, result.MessageId);
    }

    public static SendGridMessage ToSendGridMessage(EmailMessage message, SendGridOptions settings)
    {
        var mail = MailHelper.CreateSingleEmail(
            new SendGridAddress(settings.FromEmail, settings.FromName),
            new SendGridAddress(message.To.Email, message.To.Name),
            message.Subject,
            message.TextBody,
            message.HtmlBody);
        foreach (var attachment in message.Attachments)
        {
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content.Span), attachment.ContentType, attachment.Disposition);
        }

        if (message.Categories.Count > 0)
        {
            mail.AddCategories([.. message.Categories]);
        }

        mail.AddGlobalCustomArgs(new Dictionary<string, string>(message.CustomArgs) { [EmailCustomArgs.MessageId] = message.MessageId });
        return mail;
    }
}
