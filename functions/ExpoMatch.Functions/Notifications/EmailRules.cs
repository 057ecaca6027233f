using System.Text;
using SendGrid.Helpers.Mail;
using SendGridAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// SendGrid's documented limits, checked before a request leaves: a request SendGrid would reject with 400 is a
/// bug on our side and must not burn retries or rate limit.
/// </summary>
public static class EmailRules
{
    public const int MaxPersonalizations = 1000;
    public const int MaxRecipients = 1000;
    public const int MaxCategories = 10;
    public const int MaxCustomArgsBytes = 10_000;

    /// <summary>SendGrid: "The total size of your email ... must be less than 30MB".</summary>
    public const long MaxMessageBytes = 30L * 1024 * 1024;

    public static bool HasForbiddenNameCharacter(string name) => name.Contains(';', StringComparison.Ordinal) || name.Contains(',', StringComparison.Ordinal);

    /// <summary>A deliberately loose check (one @, something either side, no spaces or controls); SendGrid decides the rest.</summary>
    public static bool IsPlausibleAddress(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > 320)
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return false;
        }

        foreach (var c in email)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every rule the request breaks, as readable sentences naming the field (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(SendGridMessage mail)
    {
        var problems = new List<string>();
        var personalizations = mail.Personalizations ?? [];
        if (personalizations.Count is 0 or > MaxPersonalizations)
        {
            problems.Add($"personalizations: between 1 and {MaxPersonalizations} required, got {personalizations.Count}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var recipients = 0;
        for (var i = 0; i < personalizations.Count; i++)
        {
            var p = personalizations[i];
            if (p.Tos is not { Count: > 0 })
            {
                problems.Add($"personalizations[{i}].to: at least one recipient required.");
            }

            CheckAddresses(p.Tos, $"personalizations[{i}].to", seen, problems, ref recipients);
            CheckAddresses(p.Ccs, $"personalizations[{i}].cc", seen, problems, ref recipients);
            CheckAddresses(p.Bccs, $"personalizations[{i}].bcc", seen, problems, ref recipients);
        }

        if (recipients > MaxRecipients)
        {
            problems.Add($"personalizations: at most {MaxRecipients} recipients in total, got {recipients}.");
        }

        CheckAddress(mail.From, "from", problems);
        if (mail.ReplyTo is { } replyTo)
        {
            CheckAddress(replyTo, "reply_to", problems);
        }

        // The package puts text/plain first and drops empty parts when it serializes; what must be true is that
        // something is left to send.
        var hasContent = !string.IsNullOrEmpty(mail.PlainTextContent) || !string.IsNullOrEmpty(mail.HtmlContent)
            || (mail.Contents?.Any(c => !string.IsNullOrEmpty(c.Value)) ?? false);
        if (mail.TemplateId is null && !hasContent)
        {
            problems.Add("content: at least one non-empty part required when no template_id is given.");
        }

        if (mail.Categories is { Count: > MaxCategories })
        {
            problems.Add($"categories: at most {MaxCategories}, got {mail.Categories.Count}.");
        }

        if (mail.CustomArgs is { } args && args.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value) + 6) >= MaxCustomArgsBytes)
        {
            problems.Add($"custom_args: must be smaller than {MaxCustomArgsBytes} bytes.");
        }

        var attachments = mail.Attachments ?? [];
        for (var i = 0; i < attachments.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(attachments[i].Filename))
            {
                problems.Add($"attachments[{i}].filename: required.");
            }

            if (string.IsNullOrEmpty(attachments[i].Content))
            {
                problems.Add($"attachments[{i}].content: must not be empty.");
            }
        }

        return problems;
    }

    private static void CheckAddresses(List<SendGridAddress>? addresses, string field, HashSet<string> seen, List<string> problems, ref int count)
    {
        if (addresses is null)
        {
            return;
        }

        for (var i = 0; i < addresses.Count; i++)
        {
            count++;
            CheckAddress(addresses[i], $"{field}[{i}]", problems);
            if (addresses[i]?.Email is { } email && !seen.Add(email))
            {
                // The address itself is personal data: name the position, not the value.
                problems.Add($"{field}[{i}].email: the same address appears more than once.");
            }
        }
    }

    private static void CheckAddress(SendGridAddress? address, string field, List<string> problems)
    {
        if (!IsPlausibleAddress(address?.Email))
        {
            problems.Add($"{field}.email: a valid address is required.");
        }

        if (address?.Name is { } name && HasForbiddenNameCharacter(name))
        {
            problems.Add($"{field}.name: must not contain ';' or ','.");
        }
    }
}
