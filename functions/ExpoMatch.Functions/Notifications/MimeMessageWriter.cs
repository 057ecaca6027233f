using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// Writes an <see cref="EmailMessage"/> as an RFC 5322 / MIME message: multipart/mixed holding a multipart/alternative
/// (text, then HTML) and the attachments. Non-ASCII header text becomes RFC 2047 encoded-words; every body part is
/// Base64 so any UTF-8 survives any mail tool. Boundaries derive from the message id, so the output is deterministic.
/// </summary>
public static class MimeMessageWriter
{
    private const string Crlf = "\r\n";

    // "=?UTF-8?B?" + "?=" leave 63 of an encoded-word's 75 characters: 60 Base64 characters carry 45 bytes.
    private const int MaxBytesPerEncodedWord = 45;

    public static string Write(EmailMessage message, EmailAddress from, DateTimeOffset date)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId)))[..16];
        var mixed = $"=_expomatch_mixed_{hash}";
        var alternative = $"=_expomatch_alt_{hash}";

        var sb = new StringBuilder(message.HtmlBody.Length * 2);
        Header(sb, "From", FormatAddress(from));
        Header(sb, "To", FormatAddress(message.To));
        Header(sb, "Subject", EncodeUnstructured(message.Subject));
        Header(sb, "Date", date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        Header(sb, "Message-ID", $"<{SafeToken(message.MessageId)}@expomatch>");
        Header(sb, "MIME-Version", "1.0");
        foreach (var (key, value) in message.CustomArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            // Mirrors SendGrid's custom_args so a person reading the outbox can tie a file to our records.
            Header(sb, "X-ExpoMatch-Arg", $"{SafeToken(key)}={SafeToken(value)}");
        }

        Header(sb, "Content-Type", $"multipart/mixed; boundary=\"{mixed}\"");
        sb.Append(Crlf).Append("This is a multi-part message in MIME format.").Append(Crlf);

        sb.Append("--").Append(mixed).Append(Crlf);
        Header(sb, "Content-Type", $"multipart/alternative; boundary=\"{alternative}\"");
        sb.Append(Crlf);
        TextPart(sb, alternative, "text/plain; charset=UTF-8", message.TextBody);
        TextPart(sb, alternative, "text/html; charset=UTF-8", message.HtmlBody);
        sb.Append("--").Append(alternative).Append("--").Append(Crlf);

        foreach (var attachment in message.Attachments)
        {
            sb.Append("--").Append(mixed).Append(Crlf);
            Header(sb, "Content-Type", $"{attachment.ContentType}; {FileNameParameter("name", attachment.FileName)}");
            Header(sb, "Content-Disposition", $"{attachment.Disposition}; {FileNameParameter("filename", attachment.FileName)}");
            Header(sb, "Content-Transfer-Encoding", "base64");
            sb.Append(Crlf);
            Base64Lines(sb, attachment.Content.Span);
        }

        sb.Append("--").Append(mixed).Append("--").Append(Crlf);
        return sb.ToString();
    }

    /// <summary>"Name &lt;addr&gt;" with the name quoted or encoded as needed; the bare address without a name.</summary>
    public static string FormatAddress(EmailAddress address)
    {
        if (string.IsNullOrEmpty(address.Name))
        {
            return $"<{address.Email}>";
        }

        var name = IsPrintableAscii(address.Name)
            ? "\"" + address.Name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : EncodeWords(address.Name);
        return $"{name} <{address.Email}>";
    }

    /// <summary>Printable ASCII stays as is; anything else becomes folded encoded-words (RFC 2047, B encoding).</summary>
    public static string EncodeUnstructured(string text) => IsPrintableAscii(text) ? text : EncodeWords(text);

    private static string EncodeWords(string text)
    {
        var words = new List<string>();
        var chunk = new List<byte>(MaxBytesPerEncodedWord);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            // Whole characters per word: RFC 2047 section 5 forbids splitting a multi-byte character across words.
            var length = rune.EncodeToUtf8(buffer);
            if (chunk.Count + length > MaxBytesPerEncodedWord)
            {
                words.Add(EncodedWord(chunk));
                chunk.Clear();
            }

            chunk.AddRange(buffer[..length]);
        }

        if (chunk.Count > 0)
        {
            words.Add(EncodedWord(chunk));
        }

        // Whitespace between adjacent encoded-words is dropped by decoders, so folding here adds no spaces.
        return string.Join(Crlf + " ", words);
    }

    private static string EncodedWord(List<byte> bytes) => $"=?UTF-8?B?{Convert.ToBase64String(bytes.ToArray())}?=";

    private static string FileNameParameter(string parameter, string fileName) =>
        IsPrintableAscii(fileName) && !fileName.Contains('"', StringComparison.Ordinal) && !fileName.Contains('\\', StringComparison.Ordinal)
            ? $"{parameter}=\"{fileName}\""
            : $"{parameter}*=UTF-8''{Uri.EscapeDataString(fileName)}"; // RFC 2231

    private static void TextPart(StringBuilder sb, string boundary, string contentType, string text)
    {
        sb.Append("--").Append(boundary).Append(Crlf);
        Header(sb, "Content-Type", contentType);
        Header(sb, "Content-Transfer-Encoding", "base64");
        sb.Append(Crlf);
        Base64Lines(sb, Encoding.UTF8.GetBytes(text));
    }

    private static void Base64Lines(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        var base64 = Convert.ToBase64String(bytes);
        for (var i = 0; i < base64.Length; i += 76)
        {
            sb.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append(Crlf);
        }
    }

    private static void Header(StringBuilder sb, string name, string value) => sb.Append(name).Append(": ").Append(value).Append(Crlf);

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keeps ids header- and file-system-safe: letters, digits, '.', '-', '_' only.</summary>
    internal static string SafeToken(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return sb.ToString();
    }
}
