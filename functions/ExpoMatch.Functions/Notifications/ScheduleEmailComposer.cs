using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// Turns a participant's schedule into a ready-to-send <see cref="EmailMessage"/>: the localised text and HTML,
/// an .ics (METHOD:REQUEST) for live meetings and a second one (METHOD:CANCEL) for cancelled ones. The message id is
/// deterministic per participant and schedule version, which is what makes "send at most once" checkable.
/// </summary>
public sealed class ScheduleEmailComposer(IOptions<SendGridOptions> options, TimeProvider time)
{
    public const string ScheduleCategory = "schedule";
    public const string AgendaCategory = "daily-agenda";
    public const string RequestFileName = "schedule.ics";
    public const string CancelFileName = "cancelled.ics";

    public static string ScheduleMessageId(string eventId, string participantId, int scheduleVersion) =>
        string.Create(CultureInfo.InvariantCulture, $"schedule.{eventId}.{participantId}.v{scheduleVersion}");

    public static string AgendaMessageId(string eventId, string participantId, DateOnly day, int scheduleVersion) =>
        string.Create(CultureInfo.InvariantCulture, $"agenda.{eventId}.{participantId}.{day:yyyy-MM-dd}.v{scheduleVersion}");

    public EmailMessage ComposeSchedule(ScheduleEmailModel model)
    {
        var rendered = ScheduleEmailRenderer.Render(model);
        return Compose(model, rendered, model.Meetings, ScheduleMessageId(model.EventId, model.ParticipantId, model.ScheduleVersion), ScheduleCategory);
    }

    public EmailMessage ComposeDailyAgenda(ScheduleEmailModel model, DateOnly day)
    {
        var rendered = ScheduleEmailRenderer.RenderDailyAgenda(model, day);
        var meetings = ScheduleEmailRenderer.MeetingsOn(model, day, EventTimeZone.Find(model.TimeZoneId));
        return Compose(model, rendered, meetings, AgendaMessageId(model.EventId, model.ParticipantId, day, model.ScheduleVersion), AgendaCategory);
    }

    private EmailMessage Compose(ScheduleEmailModel model, RenderedEmail rendered, IReadOnlyList<ScheduledMeeting> meetings, string messageId, string category)
    {
        var texts = ScheduleEmailTexts.For(model.Language);
        var settings = options.Value;
        var organizer = new EmailAddress(string.IsNullOrEmpty(settings.FromEmail) ? "expomatch@localhost" : settings.FromEmail, settings.FromName ?? model.EventName);
        var now = time.GetUtcNow();

        var attachments = new List<EmailAttachment>(2);
        var live = meetings.Where(m => m.Change != MeetingChange.Cancelled).Select(m => ToCalendarEvent(m, model, texts, organizer)).ToList();
        var cancelled = meetings.Where(m => m.Change == MeetingChange.Cancelled).Select(m => ToCalendarEvent(m, model, texts, organizer)).ToList();
        if (live.Count > 0)
        {
            attachments.Add(Calendar(CalendarMethod.Request, live, now, RequestFileName));
        }

        if (cancelled.Count > 0)
        {
            attachments.Add(Calendar(CalendarMethod.Cancel, cancelled, now, CancelFileName));
        }

        return new EmailMessage(messageId, model.Participant, rendered.Subject, rendered.TextBody, rendered.HtmlBody)
        {
            Attachments = attachments,
            Categories = [category],
            CustomArgs = new Dictionary<string, string>
            {
                [EmailCustomArgs.EventId] = model.EventId,
                [EmailCustomArgs.ParticipantId] = model.ParticipantId,
                [EmailCustomArgs.ScheduleVersion] = model.ScheduleVersion.ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    private static EmailAttachment Calendar(CalendarMethod method, IReadOnlyList<CalendarEvent> events, DateTimeOffset now, string fileName) =>
        new(fileName, ICalendarWriter.ContentTypeFor(method), Encoding.UTF8.GetBytes(ICalendarWriter.Write(method, events, now)));

    private static CalendarEvent ToCalendarEvent(ScheduledMeeting meeting, ScheduleEmailModel model, ScheduleEmailTexts texts, EmailAddress organizer)
    {
        var description = new StringBuilder()
            .Append(model.EventName).Append('\n')
            .Append(texts.With).Append(": ").Append(ScheduleEmailRenderer.Counterpart(meeting));
        if (meeting.SharedInterests.Count > 0)
        {
            description.Append('\n').Append(texts.SharedInterests).Append(": ").Append(string.Join(", ", meeting.SharedInterests));
        }

        return new CalendarEvent(
            meeting.MeetingId,
            meeting.Sequence,
            meeting.StartUtc,
            meeting.EndUtc,
            string.Format(texts.Culture, texts.MeetingSummary, meeting.CounterpartName),
            ScheduleEmailRenderer.Location(texts, meeting),
            description.ToString(),
            organizer,
            model.Participant,
            meeting.VideoLink);
    }
}
