using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ExpoMatch.Functions.Api;
using ExpoMatch.Matching.Scoring;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Field rules shared by every registration body. Text is kept exactly as typed (names round-trip in any script);
/// only blank values, control characters and lengths are refused.
/// </summary>
public static partial class InputRules
{
    public const int MaxNameLength = 200;
    public const int MaxTagLength = 60;
    public const int MinTags = 1;
    public const int MaxTags = 30;
    public const int MaxNoteLength = 1000;
    public const int MaxAvailabilityWindows = 50;
    public const int MaxTables = 50;

    public static string? RequiredText(FieldErrors errors, string field, string? value, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Required.");
            return null;
        }

        return CheckText(errors, field, value, maxLength);
    }

    public static string? OptionalText(FieldErrors errors, string field, string? value, int maxLength = MaxNameLength) =>
        value is null ? null : CheckText(errors, field, value, maxLength);

    /// <summary>Free text for another person to read (a note): line breaks and tabs are fine there.</summary>
    public static string? OptionalMultilineText(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (value is not null && value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(field, "Control characters other than line breaks and tabs are not allowed.");
            return null;
        }

        return value is null || value.Length <= maxLength ? value : CheckText(errors, field, value, maxLength);
    }

    private static string? CheckText(FieldErrors errors, string field, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            errors.Add(field, $"At most {maxLength} characters.");
            return null;
        }

        if (value.Any(char.IsControl))
        {
            errors.Add(field, "Control characters (line breaks, tabs) are not allowed.");
            return null;
        }

        return value;
    }

    public static string? Email(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Required.");
            return null;
        }

        // MailAddress accepts display names and comments; requiring the parsed address to equal the input keeps
        // only a bare addr-spec. The domain must have a dot: this is a public service, not an intranet.
        if (value.Length > 254 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ||
            !MailAddress.TryCreate(value, out var address) || address.Address != value ||
            address.User.Length > 64 || !address.Host.Contains('.', StringComparison.Ordinal) ||
            address.Host.EndsWith('.') || address.Host.StartsWith('.'))
        {
            errors.Add(field, "Not a valid email address.");
            return null;
        }

        return value;
    }

    /// <summary>The key of the email guard row: SHA-256 of the address lower-cased, so case never makes a duplicate.</summary>
    public static string EmailHash(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    /// <summary>
    /// The key of the booth guard row: SHA-256 of the code in NFKC, trimmed and upper-cased, so "a12", "A12" and
    /// "Ａ１２" are one booth (and any character a client sends is safe in a row key).
    /// </summary>
    public static string BoothHash(string boothCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            boothCode.Normalize(NormalizationForm.FormKC).Trim().ToUpperInvariant())));

    /// <summary>The tags as typed (trimmed) and their normalised forms; duplicates by normalised form are dropped.</summary>
    public static (string[] Typed, string[] Normalised)? Tags(FieldErrors errors, string field, IReadOnlyList<string?>? tags)
    {
        if (tags is null || tags.Count is < MinTags or > MaxTags)
        {
            errors.Add(field, $"Between {MinTags} and {MaxTags} tags are required.");
            return null;
        }

        var typed = new List<string>();
        var normalised = new List<string>();
        var ok = true;
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i]?.Trim();
            if (string.IsNullOrEmpty(tag) || tag.Length > MaxTagLength || tag.Any(char.IsControl))
            {
                errors.Add($"{field}[{i}]", $"A tag is 1 to {MaxTagLength} characters without control characters.");
                ok = false;
                continue;
            }

            var form = TagNormalizer.Normalize(tag);
            if (!normalised.Contains(form, StringComparer.Ordinal))
            {
                typed.Add(tag);
                normalised.Add(form);
            }
        }

        return ok ? ([.. typed], [.. normalised]) : null;
    }

    public static string? Language(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!LanguagePattern().IsMatch(value))
        {
            errors.Add(field, "A BCP 47 language tag such as en, vi, th, zh-Hans or ru.");
            return null;
        }

        return value;
    }

    public static TimeWindow[]? Availability(FieldErrors errors, string field, IReadOnlyList<TimeRangeDto?>? ranges, ExpoEvent expo)
    {
        if (ranges is null)
        {
            return null;
        }

        if (ranges.Count > MaxAvailabilityWindows)
        {
            errors.Add(field, $"At most {MaxAvailabilityWindows} windows.");
            return null;
        }

        var grid = expo.Grid;
        var windows = new List<TimeWindow>();
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            if (!TryParseInstant(range?.Start, out var start))
            {
                errors.Add($"{field}[{i}].start", "An ISO-8601 date and time with an offset, such as 2022-05-26T09:00:00+07:00.");
                continue;
            }

            if (!TryParseInstant(range?.End, out var end))
            {
                errors.Add($"{field}[{i}].end", "An ISO-8601 date and time with an offset, such as 2022-05-26T12:00:00+07:00.");
                continue;
            }

            if (end <= start)
            {
                errors.Add($"{field}[{i}].end", "Must be after start.");
            }
            else if (end <= grid[0].StartUtc || start >= grid[grid.Count - 1].EndUtc)
            {
                errors.Add($"{field}[{i}]", "Lies outside the event's meeting hours.");
            }
            else
            {
                windows.Add(new TimeWindow(start.ToUniversalTime(), end.ToUniversalTime()));
            }
        }

        return [.. windows.OrderBy(w => w.Start)];
    }

    /// <summary>An instant written with an explicit offset (or Z); a local time without one is ambiguous and refused.</summary>
    public static bool TryParseInstant(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is not null && InstantPattern().IsMatch(value) &&
               DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    [GeneratedRegex(@"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();
}
