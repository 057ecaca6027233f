using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// The sender used when no SendGrid key is configured: each email becomes an .eml file (open it in any mail client)
/// in <see cref="EmailOptions.OutboxDirectory"/>. The file name derives from the message id only, so re-sending the
/// same message replaces its file instead of adding a second one.
/// </summary>
public sealed class EmlFileEmailSender(IOptions<EmailOptions> emailOptions, IOptions<SendGridOptions> sendGridOptions, TimeProvider time, ILogger<EmlFileEmailSender> logger) : IEmailSender
{
    private const string LocalFromAddress = "expomatch@localhost";

    public string OutboxDirectory => Path.GetFullPath(emailOptions.Value.OutboxDirectory);

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var settings = sendGridOptions.Value;
        var from = new EmailAddress(string.IsNullOrEmpty(settings.FromEmail) ? LocalFromAddress : settings.FromEmail, settings.FromName);
        var eml = MimeMessageWriter.Write(message, from, time.GetUtcNow());

        var directory = OutboxDirectory;
        Directory.CreateDirectory(directory);
        var fileName = FileNameFor(message.MessageId);
        var path = Path.Combine(directory, fileName);

        // Write then rename: a reader (or a crash) never sees half a message, and a re-send replaces atomically.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temp, eml, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        File.Move(temp, path, overwrite: true);

        NotificationsLog.WrittenToOutbox(logger, message.MessageId, fileName);
        return new EmailSendResult(message.MessageId, path);
    }

    /// <summary>Readable and unique: the sanitized id plus a hash of the exact id (two ids can sanitize alike).</summary>
    public static string FileNameFor(string messageId)
    {
        var safe = MimeMessageWriter.SafeToken(messageId);
        if (safe.Length > 120)
        {
            safe = safe[..120];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..12];
        return $"{safe}-{hash}.eml";
    }
}
