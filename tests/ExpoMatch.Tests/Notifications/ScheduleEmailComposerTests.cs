using System.Text;
using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ExpoMatch.Tests.Notifications;

public sealed class ScheduleEmailComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 15, 30, TimeSpan.Zero);

    [Fact]
    public void ComposeSchedule_IsDeterministicPerParticipantAndVersion_WithIdsOnlyInCustomArgs()
    {
        var composer = Composer();
        var model = NotificationsTestData.Schedule("zh-CN");

        var message = composer.ComposeSchedule(model);

        Assert.Equal("schedule.smartcity-2026.p-0042.v3", message.MessageId);
        Assert.Equal(message.MessageId, composer.ComposeSchedule(model).MessageId);
        Assert.NotEqual(message.MessageId, composer.ComposeSchedule(model with { ScheduleVersion = 4 }).MessageId);
        Assert.Equal(model.Participant, message.To);
        Assert.Equal(["schedule"], message.Categories);
        Assert.Equal(3, message.CustomArgs.Count);
        Assert.Equal("smartcity-2026", message.CustomArgs[EmailCustomArgs.EventId]);
        Assert.DoesNotContain(message.CustomArgs.Values, v => v.Contains('@', StringComparison.Ordinal) || v.Contains("Nguyễn", StringComparison.Ordinal));
    }

    [Fact]
    public void ComposeSchedule_PutsLiveMeetingsInRequestAndCancelledInCancelCalendar_InTheParticipantsLanguage()
    {
        var message = Composer().ComposeSchedule(NotificationsTestData.Schedule("vi-VN"));

        Assert.Equal(2, message.Attachments.Count);
        var request = message.Attachments[0];
        Assert.Equal(("schedule.ics", "text/calendar; method=REQUEST; charset=UTF-8"), (request.FileName, request.ContentType));
        var live = ICalendarWriterTests.Parse(Encoding.UTF8.GetString(request.Content.Span));
        Assert.Equal("REQUEST", live.Method);
        Assert.Equal(["m-001@expomatch", "m-002@expomatch", "m-004@expomatch"], live.Events.Select(e => e.Uid));
        Assert.Equal([0, 2, 0], live.Events.Select(e => e.Sequence));
        Assert.Equal(Now, ICalendarWriterTests.Utc(live.Events[0]!.DtStamp!));
        Assert.Equal("Gặp gỡ với Somchai Prasert", live.Events[0]!.Summary);
        Assert.Equal("Gian hàng B12, Bàn 3", live.Events[0]!.Location);
        Assert.Equal("Smart City Asia 2026\nGặp: Somchai Prasert (Bangkok Smart Grid Co.)\nLĩnh vực quan tâm chung: IoT, smart grid",
            live.Events[0]!.Description);
        Assert.Equal("mailto:minh.khai@example.vn", Assert.Single(live.Events[0]!.Attendees).Value!.ToString());
        Assert.Equal("mailto:schedules@expomatch.example", live.Events[0]!.Organizer!.Value!.ToString());

        var cancel = message.Attachments[1];
        Assert.Equal(("cancelled.ics", "text/calendar; method=CANCEL; charset=UTF-8"), (cancel.FileName, cancel.ContentType));
        var cancelled = ICalendarWriterTests.Parse(Encoding.UTF8.GetString(cancel.Content.Span));
        Assert.Equal("CANCEL", cancelled.Method);
        Assert.Equal("m-003@expomatch", Assert.Single(cancelled.Events).Uid);
    }

    [Fact]
    public void ComposeSchedule_WithoutCancellations_AttachesOnlyTheRequest()
    {
        var meetings = NotificationsTestData.Meetings().Where(m => m.Change != MeetingChange.Cancelled).ToList();

        var message = Composer().ComposeSchedule(NotificationsTestData.Schedule("en", meetings: meetings));

        Assert.Equal("schedule.ics", Assert.Single(message.Attachments).FileName);
    }

    [Fact]
    public void ComposeDailyAgenda_CoversOnlyThatLocalDay()
    {
        var message = Composer().ComposeDailyAgenda(NotificationsTestData.Schedule("en"), new DateOnly(2026, 12, 2));

        Assert.Equal("agenda.smartcity-2026.p-0042.2026-12-02.v3", message.MessageId);
        Assert.Equal(["daily-agenda"], message.Categories);
        var calendar = ICalendarWriterTests.Parse(Encoding.UTF8.GetString(Assert.Single(message.Attachments).Content.Span));
        Assert.Equal("m-004@expomatch", Assert.Single(calendar.Events).Uid);
        Assert.Contains("Jane Doe", message.TextBody, StringComparison.Ordinal);
    }

    private static ScheduleEmailComposer Composer() =>
        new(Options.Create(new SendGridOptions { FromEmail = "schedules@expomatch.example" }), new FakeTimeProvider(Now));
}
