using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// The sender used when no SendGrid key is configured: each email becomes an .eml file (open it in any mail client)
/// in <see cref="EmailOptions.OutboxDirectory"/>, written by MimeKit. The file name derives from the message id only,
/// so re-sending the same message replaces its file instead of adding a second one.
/// </summary>
public sealed class EmlFileEmailSender(IOptions<EmailOptions> emailOptions, IOptions<SendGridOptions> sendGridOptions, TimeProvider time, ILogger<EmlFileEmailSender> logger) : IEmailSender
{
    private const string LocalFromAddress = "expomatch@localhost";

    // CRLF on every platform: that is what RFC 5322 and mail clients opening an .eml expect.
    private static readonly FormatOptions EmlFormat = CreateFormat();

    public string OutboxDirectory => Path.GetFullPath(emailOptions.Value.OutboxDirectory);

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var settings = sendGridOptions.Value;
        var from = new EmailAddress(string.IsNullOrEmpty(settings.FromEmail) ? LocalFromAddress : settings.FromEmail, settings.FromName);
        using var mime = ToMimeMessage(message, from, time.GetUtcNow());

        var directory = OutboxDirectory;
        Directory.CreateDirectory(directory);
        var fileName = FileNameFor(message.MessageId);
        var path = Path.Combine(directory, fileName);

        // Write then rename: a reader (or a crash) never sees half a message, and a re-send replaces atomically.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await mime.WriteToAsync(EmlFormat, temp, cancellationToken);
        File.Move(temp, path, overwrite: true);

        NotificationsLog.WrittenToOutbox(logger, message.MessageId, fileName);
        return new EmailSendResult(message.MessageId, path);
    }

    /// <summary>
    /// multipart/mixed holding a multipart/alternative (text, then HTML) and the attachments; prepared for 7-bit
    /// transport so any UTF-8 text survives any mail tool.
    /// </summary>
    public static MimeMessage ToMimeMessage(EmailMessage message, EmailAddress from, DateTimeOffset date)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = date.ToUniversalTime(),
            MessageId = $"{SafeToken(message.MessageId)}@expomatch",
        };
        mime.From.Add(new MailboxAddress(from.Name, from.Email));
        mime.To.Add(new MailboxAddress(message.To.Name, message.To.Email));
        foreach (var (key, value) in message.CustomArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            // Mirrors SendGrid's custom_args so a person reading the outbox can tie a file to our records.
            mime.Headers.Add("X-ExpoMatch-Arg", $"{SafeToken(key)}={SafeToken(value)}");
        }

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(new MimePart(ContentType.Parse(attachment.ContentType))
            {
                Content = new MimeContent(new MemoryStream(attachment.Content.ToArray())),
                ContentDisposition = new ContentDisposition(attachment.Disposition),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = attachment.FileName,
            });
        }

        mime.Body = body.ToMessageBody();
        mime.Prepare(EncodingConstraint.SevenBit);
        return mime;
    }

    /// <summary>Readable and unique: the sanitized id plus a hash of the exact id (two ids can sanitize alike).</summary>
    public static string FileNameFor(string messageId)
    {
        var safe = SafeToken(messageId);
        if (safe.Length > 120)
        {
            safe = safe[..120];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..12];
        return $"{safe}-{hash}.eml";
    }

    /// <summary>Keeps ids header- and file-system-safe: letters, digits, '.', '-', '_' only.</summary>
    private static string SafeToken(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return sb.ToString();
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
