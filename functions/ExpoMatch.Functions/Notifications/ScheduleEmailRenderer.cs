using System.Globalization;
using System.Text;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// Renders a participant's schedule (or one day of it) to subject, plain text and HTML in the participant's language,
/// with times in the event's time zone. All user data is HTML-encoded in the HTML part.
/// </summary>
public static class ScheduleEmailRenderer
{
    public static RenderedEmail Render(ScheduleEmailModel model)
    {
        var texts = ScheduleEmailTexts.For(model.Language);
        var anyChange = model.Meetings.Any(m => m.Change is MeetingChange.Changed or MeetingChange.Cancelled);
        var subject = Format(texts, anyChange ? texts.SubjectChanged : texts.Subject, model.EventName);
        var intro = Format(texts, anyChange ? texts.IntroChanged : texts.Intro, model.EventName);
        return RenderBody(model, texts, subject, intro, model.Meetings);
    }

    /// <summary>The meetings whose start falls on <paramref name="day"/> in the event's time zone.</summary>
    public static RenderedEmail RenderDailyAgenda(ScheduleEmailModel model, DateOnly day)
    {
        var texts = ScheduleEmailTexts.For(model.Language);
        var zone = EventTimeZone.Find(model.TimeZoneId);
        var meetings = MeetingsOn(model, day, zone);
        var date = day.ToString("D", texts.Culture);
        var subject = Format(texts, texts.SubjectAgenda, model.EventName, date);
        var intro = Format(texts, texts.IntroAgenda, model.EventName, date);
        return RenderBody(model, texts, subject, intro, meetings);
    }

    public static IReadOnlyList<ScheduledMeeting> MeetingsOn(ScheduleEmailModel model, DateOnly day, TimeZoneInfo zone) =>
        model.Meetings.Where(m => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.StartUtc, zone).DateTime) == day).ToList();

    /// <summary>
    /// "Booth B12, Table 3" in the participant's language, or an online meeting's video link: the calendar entry's
    /// LOCATION (calendars make a link there clickable, and Teams/Zoom-style invites put it there too).
    /// </summary>
    public static string Location(ScheduleEmailTexts texts, ScheduledMeeting meeting) =>
        meeting.VideoLink ?? $"{texts.Booth} {meeting.BoothCode}, {texts.Table} {meeting.Table}";

    /// <summary>"Online meeting: https://..." or "Booth B12, Table 3": the place line of the email body.</summary>
    public static string Place(ScheduleEmailTexts texts, ScheduledMeeting meeting) =>
        meeting.VideoLink is { } link ? $"{texts.Online}: {link}" : Location(texts, meeting);

    public static string Counterpart(ScheduledMeeting meeting) =>
        string.IsNullOrWhiteSpace(meeting.CounterpartCompany) ? meeting.CounterpartName : $"{meeting.CounterpartName} ({meeting.CounterpartCompany})";

    private static RenderedEmail RenderBody(ScheduleEmailModel model, ScheduleEmailTexts texts, string subject, string intro, IReadOnlyList<ScheduledMeeting> meetings)
    {
        var zone = EventTimeZone.Find(model.TimeZoneId);
        var culture = texts.Culture;
        var firstStart = meetings.Count > 0 ? meetings.Min(m => m.StartUtc) : DateTimeOffset.UnixEpoch;
        var zoneNote = Format(texts, texts.TimeZoneNote, EventTimeZone.Describe(zone, model.TimeZoneId, firstStart));
        var ownZone = model.ParticipantTimeZoneId is { } ownId && ownId != model.TimeZoneId ? EventTimeZone.Find(ownId) : null;
        if (ownZone is not null)
        {
            zoneNote += " " + Format(texts, texts.OwnTimeZoneNote, EventTimeZone.Describe(ownZone, model.ParticipantTimeZoneId, firstStart));
        }

        var greeting = Format(texts, texts.Greeting, model.Participant.Name ?? "");
        var closing = Format(texts, texts.Closing, model.EventName);

        var text = new StringBuilder(2048);
        var html = new StringBuilder(4096);
        text.Append(greeting).Append("\n\n").Append(intro).Append('\n').Append(zoneNote).Append("\n\n");
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(Html(culture.TwoLetterISOLanguageName)).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Html(subject)).Append("</title></head>\n<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">\n<p>")
            .Append(Html(greeting)).Append("</p>\n<p>").Append(Html(intro)).Append("</p>\n<p style=\"color:#555\">").Append(Html(zoneNote)).Append("</p>\n");

        if (meetings.Count == 0)
        {
            text.Append(texts.NoMeetings).Append("\n\n");
            html.Append("<p>").Append(Html(texts.NoMeetings)).Append("</p>\n");
        }

        foreach (var day in meetings.OrderBy(m => m.StartUtc).GroupBy(m => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.StartUtc, zone).DateTime)))
        {
            var heading = day.Key.ToString("D", culture);
            text.Append("== ").Append(heading).Append(" ==\n");
            html.Append("<h3>").Append(Html(heading)).Append("</h3>\n<table style=\"border-collapse:collapse\" cellpadding=\"6\">\n<tr><th align=\"left\">")
                .Append(Html(texts.Time)).Append("</th><th align=\"left\">").Append(Html(texts.With)).Append("</th><th align=\"left\">")
                .Append(Html(texts.Booth)).Append(" / ").Append(Html(texts.Table)).Append("</th><th align=\"left\">")
                .Append(Html(texts.SharedInterests)).Append("</th></tr>\n");
            foreach (var meeting in day)
            {
                AppendMeeting(text, html, texts, zone, ownZone, meeting);
            }

            text.Append('\n');
            html.Append("</table>\n");
        }

        text.Append(texts.CalendarNote).Append("\n\n").Append(closing).Append('\n');
        html.Append("<p>").Append(Html(texts.CalendarNote)).Append("</p>\n<p>").Append(Html(closing)).Append("</p>\n</body></html>\n");
        return new RenderedEmail(subject, text.ToString(), html.ToString());
    }

    private static void AppendMeeting(StringBuilder text, StringBuilder html, ScheduleEmailTexts texts, TimeZoneInfo zone, TimeZoneInfo? ownZone, ScheduledMeeting meeting)
    {
        var culture = texts.Culture;
        var start = TimeZoneInfo.ConvertTime(meeting.StartUtc, zone).ToString("t", culture);
        var end = TimeZoneInfo.ConvertTime(meeting.EndUtc, zone).ToString("t", culture);
        if (ownZone is not null && ownZone.GetUtcOffset(meeting.StartUtc) != zone.GetUtcOffset(meeting.StartUtc))
        {
            // The participant's own time in brackets, with its date when the day differs (a call at 09:00 in Guiyang is 06:00 in Dushanbe).
            var ownStart = TimeZoneInfo.ConvertTime(meeting.StartUtc, ownZone);
            var ownEnd = TimeZoneInfo.ConvertTime(meeting.EndUtc, ownZone);
            var sameDay = ownStart.Date == TimeZoneInfo.ConvertTime(meeting.StartUtc, zone).Date;
            end += $" ({(sameDay ? "" : ownStart.ToString("d", culture) + " ")}{ownStart.ToString("t", culture)} - {ownEnd.ToString("t", culture)})";
        }
        var badge = meeting.Change switch
        {
            MeetingChange.New => texts.New,
            MeetingChange.Changed => texts.Changed,
            MeetingChange.Cancelled => texts.Cancelled,
            _ => null,
        };
        var interests = string.Join(", ", meeting.SharedInterests);

        text.Append(start).Append(" - ").Append(end);
        if (badge is not null)
        {
            text.Append("  [").Append(badge).Append(']');
        }

        text.Append("\n  ").Append(texts.With).Append(": ").Append(Counterpart(meeting))
            .Append("\n  ").Append(Place(texts, meeting)).Append('\n');
        if (interests.Length > 0)
        {
            text.Append("  ").Append(texts.SharedInterests).Append(": ").Append(interests).Append('\n');
        }

        var style = meeting.Change == MeetingChange.Cancelled ? " style=\"text-decoration:line-through;color:#888\"" : "";
        html.Append("<tr").Append(style).Append("><td>").Append(Html(start)).Append("&ndash;").Append(Html(end));
        if (badge is not null)
        {
            html.Append(" <strong>").Append(Html(badge)).Append("</strong>");
        }

        html.Append("</td><td>").Append(Html(meeting.CounterpartName));
        if (!string.IsNullOrWhiteSpace(meeting.CounterpartCompany))
        {
            html.Append("<br><span style=\"color:#555\">").Append(Html(meeting.CounterpartCompany)).Append("</span>");
        }

        html.Append("</td><td>");
        if (meeting.VideoLink is { } link)
        {
            html.Append(Html(texts.Online)).Append(": <a href=\"").Append(Html(link)).Append("\">").Append(Html(link)).Append("</a>");
        }
        else
        {
            html.Append(Html(meeting.BoothCode)).Append(" / ").Append(Html(meeting.Table));
        }

        html.Append("</td><td>").Append(Html(interests)).Append("</td></tr>\n");
    }

    private static string Format(ScheduleEmailTexts texts, string format, params object[] args) =>
        string.Format(texts.Culture, format, args);

    /// <summary>
    /// Encodes only the five characters that matter in HTML text and attribute values. WebUtility.HtmlEncode would
    /// also turn Latin-1 letters (Vietnamese "à") into numeric entities: correct, but needlessly unreadable.
    /// </summary>
    internal static string Html(string value)
    {
        if (value.AsSpan().IndexOfAny("<>&\"'") < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            _ = c switch
            {
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '&' => sb.Append("&amp;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }
}

/// <summary>IANA zone lookup that never throws: an unknown zone shows times in UTC and says so.</summary>
public static class EventTimeZone
{
    public static TimeZoneInfo Find(string? timeZoneId) =>
        !string.IsNullOrWhiteSpace(timeZoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>"Asia/Ho_Chi_Minh, UTC+07:00", with the offset in force at <paramref name="at"/>.</summary>
    public static string Describe(TimeZoneInfo zone, string? requestedId, DateTimeOffset at)
    {
        var offset = zone.GetUtcOffset(at);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var name = zone == TimeZoneInfo.Utc ? "UTC" : requestedId ?? zone.Id;
        return string.Create(CultureInfo.InvariantCulture, $"{name}, UTC{sign}{offset.Duration():hh\\:mm}");
    }
}
