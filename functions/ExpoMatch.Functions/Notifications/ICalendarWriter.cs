using System.Globalization;
using System.Text;

namespace ExpoMatch.Functions.Notifications;

public enum CalendarMethod
{
    /// <summary>New or changed meetings: calendars add the event, or update the one with the same UID.</summary>
    Request,

    /// <summary>Cancelled meetings: calendars remove the event with the same UID.</summary>
    Cancel,
}

/// <summary>
/// One meeting as a VEVENT. <see cref="Sequence"/> comes from the caller and must grow with every change of the
/// meeting (including its cancellation), or calendars ignore the update.
/// </summary>
public sealed record CalendarEvent(
    string MeetingId,
    int Sequence,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string Summary,
    string? Location,
    string? Description,
    EmailAddress Organizer,
    EmailAddress Attendee);

/// <summary>
/// RFC 5545 writer: CRLF line endings, lines folded at 75 octets without splitting a UTF-8 character, TEXT values
/// escaped, times in UTC. No VTIMEZONE is needed because every DATE-TIME is UTC ("Z").
/// </summary>
public static class ICalendarWriter
{
    public const string ProductId = "-//ExpoMatch//Schedule 1.0//EN";
    public const string TextCalendarRequestContentType = "text/calendar; method=REQUEST; charset=UTF-8";
    public const string TextCalendarCancelContentType = "text/calendar; method=CANCEL; charset=UTF-8";
    private const int MaxLineOctets = 75;

    public static string Uid(string meetingId) => $"{meetingId}@expomatch";

    public static string ContentTypeFor(CalendarMethod method) =>
        method == CalendarMethod.Cancel ? TextCalendarCancelContentType : TextCalendarRequestContentType;

    public static string Write(CalendarMethod method, IReadOnlyList<CalendarEvent> events, DateTimeOffset timestamp)
    {
        var sb = new StringBuilder(512 + (events.Count * 640));
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "PRODID:" + ProductId);
        Line(sb, "VERSION:2.0");
        Line(sb, "CALSCALE:GREGORIAN");
        Line(sb, "METHOD:" + (method == CalendarMethod.Cancel ? "CANCEL" : "REQUEST"));
        var stamp = FormatUtc(timestamp);
        foreach (var e in events)
        {
            Line(sb, "BEGIN:VEVENT");
            Line(sb, "UID:" + EscapeText(Uid(e.MeetingId)));
            Line(sb, "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            Line(sb, "DTSTAMP:" + stamp);
            Line(sb, "DTSTART:" + FormatUtc(e.StartUtc));
            Line(sb, "DTEND:" + FormatUtc(e.EndUtc));
            Line(sb, "SUMMARY:" + EscapeText(e.Summary));
            if (!string.IsNullOrEmpty(e.Location))
            {
                Line(sb, "LOCATION:" + EscapeText(e.Location));
            }

            if (!string.IsNullOrEmpty(e.Description))
            {
                Line(sb, "DESCRIPTION:" + EscapeText(e.Description));
            }

            Line(sb, $"ORGANIZER;CN={QuoteParameter(e.Organizer.Name ?? e.Organizer.Email)}:mailto:{e.Organizer.Email}");
            Line(sb, $"ATTENDEE;CN={QuoteParameter(e.Attendee.Name ?? e.Attendee.Email)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{e.Attendee.Email}");
            Line(sb, "STATUS:" + (method == CalendarMethod.Cancel ? "CANCELLED" : "CONFIRMED"));
            Line(sb, "TRANSP:OPAQUE");
            Line(sb, "END:VEVENT");
        }

        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    /// <summary>RFC 5545 3.3.11: backslash, semicolon and comma are escaped; any newline becomes "\n".</summary>
    public static string EscapeText(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case ';': sb.Append(@"\;"); break;
                case ',': sb.Append(@"\,"); break;
                case '\r':
                    sb.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n': sb.Append(@"\n"); break;
                default:
                    // Other control characters are not allowed in TEXT; dropping them beats an unreadable calendar.
                    if (!char.IsControl(c) || c == '\t')
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    public static string FormatUtc(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Appends one content line, folded (RFC 5545 3.1): at most 75 octets per physical line excluding CRLF, each
    /// continuation starting with one space, breaking only between whole characters (runes).
    /// </summary>
    internal static void Line(StringBuilder sb, string line)
    {
        if (line.Length <= MaxLineOctets && Encoding.UTF8.GetByteCount(line) <= MaxLineOctets)
        {
            sb.Append(line).Append("\r\n");
            return;
        }

        var octets = 0;
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in line.EnumerateRunes())
        {
            var length = rune.Utf8SequenceLength;
            if (octets + length > MaxLineOctets)
            {
                sb.Append("\r\n ");
                octets = 1;
            }

            sb.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            octets += length;
        }

        sb.Append("\r\n");
    }

    /// <summary>Parameter values are always quoted; DQUOTE cannot appear inside, and control characters are dropped.</summary>
    private static string QuoteParameter(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                sb.Append('\'');
            }
            else if (!char.IsControl(c))
            {
                sb.Append(c);
            }
        }

        return sb.Append('"').ToString();
    }
}
