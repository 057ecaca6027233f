using System.Text;
using Ical.Net;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;

namespace ExpoMatch.Functions.Notifications;

public enum CalendarMethod
{
    /// <summary>New or changed meetings: calendars add the event, or update the one with the same UID.</summary>
    Request,

    /// <summary>Cancelled meetings: calendars remove the event with the same UID.</summary>
    Cancel,
}

/// <summary>
/// One meeting as a VEVENT (<see cref="Url"/>: an online meeting's video link, also its LOCATION). <see cref="Sequence"/> comes from the caller and must grow with every change of the
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
    EmailAddress Attendee,
    string? Url = null);

/// <summary>
/// RFC 5545 invites built and serialized by Ical.Net (CRLF, TEXT escaping, parameter quoting). Every DATE-TIME is UTC
/// ("Z"): an instant every calendar places exactly, with no VTIMEZONE to get right; calendars show it in the reader's
/// zone and the email itself shows the event's. Ical.Net 5.2.4 folds per UTF-16 char and can cut a surrogate pair (an
/// emoji) in two, so the folding alone is ours: see <see cref="Refold"/>.
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
        var calendar = new Calendar
        {
            ProductId = ProductId,
            Scale = "GREGORIAN",
            Method = method == CalendarMethod.Cancel ? "CANCEL" : "REQUEST",
        };
        var stamp = Utc(timestamp);
        foreach (var e in events)
        {
            calendar.Events.Add(new IcalEvent
            {
                Uid = Uid(e.MeetingId),
                Sequence = e.Sequence,
                DtStamp = stamp,
                DtStart = Utc(e.StartUtc),
                DtEnd = Utc(e.EndUtc),
                Summary = Text(e.Summary),
                Location = string.IsNullOrEmpty(e.Location) ? null : Text(e.Location),
                Url = e.Url is null ? null : new Uri(e.Url, UriKind.Absolute),
                Description = string.IsNullOrEmpty(e.Description) ? null : Text(e.Description),
                Organizer = new Organizer("mailto:" + e.Organizer.Email) { CommonName = Text(e.Organizer.Name ?? e.Organizer.Email) },
                Attendees =
                [
                    new Attendee("mailto:" + e.Attendee.Email)
                    {
                        CommonName = Text(e.Attendee.Name ?? e.Attendee.Email),
                        Role = ParticipationRole.RequiredParticipant,
                        ParticipationStatus = EventParticipationStatus.NeedsAction,
                        Rsvp = false,
                    },
                ],
                Status = method == CalendarMethod.Cancel ? EventStatus.Cancelled : EventStatus.Confirmed,
                Transparency = TransparencyType.Opaque,
            });
        }

        return Refold(new CalendarSerializer().SerializeToString(calendar)!);
    }

    private static CalDateTime Utc(DateTimeOffset value) => new(value.UtcDateTime, CalDateTime.UtcTzId);

    /// <summary>TEXT may not hold control characters other than the newlines Ical.Net escapes; dropping them beats an unreadable calendar.</summary>
    private static string Text(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            ? string.Concat(value.Where(c => !char.IsControl(c) || c is '\r' or '\n' or '\t'))
            : value;

    /// <summary>
    /// Unfolds the serializer's output and folds it again (RFC 5545 3.1): at most 75 octets per physical line
    /// excluding CRLF, each continuation starting with one space, breaking only between whole characters (runes).
    /// </summary>
    internal static string Refold(string ics)
    {
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        var sb = new StringBuilder(unfolded.Length + (unfolded.Length / 64 * 3));
        foreach (var line in unfolded.Split("\r\n"))
        {
            if (line.Length > 0)
            {
                Fold(sb, line);
            }
        }

        return sb.ToString();
    }

    private static void Fold(StringBuilder sb, string line)
    {
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
}
