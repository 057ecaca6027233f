using Azure.Data.Tables;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Tests.Notifications.ScheduleEmails;
using ExpoMatch.Tests.Registration;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ExpoMatch.Tests.Meetings;

/// <summary>
/// What online and rescheduled meetings look like in the schedule emails, read back with MimeKit and Ical.Net: the
/// .eml files the app writes without a SendGrid key (jobs run in the test process on the app's services).
/// </summary>
public sealed class HybridEmailTests(EmlMailerApp app) : IClassFixture<EmlMailerApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private TableClient Meetings => app.Table(MeetingRow.TableName);

    [Fact]
    public async Task OnlineMeeting_EmailShowsTheLinkAndDushanbeTime_InviteHasItAsLocationAndUrl()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId, HybridScenario.OnlineVisitorBody(Scenario.Email("v")));
        var meetingId = await HybridScenario.BookAsync(Meetings, eventId, visitor, exhibitor, slot: 0, mode: MeetingModes.Online);

        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));

        using var mail = await MimeMessage.LoadAsync(Assert.Single(EmlFiles(eventId, visitor.Id)));
        var link = $"https://meet.example.org/expomatch/{meetingId}";
        var texts = ScheduleEmailTexts.For("ru");
        Assert.Contains($"{texts.Online}: {link}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Asia/Dushanbe, UTC+05:00", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("09:00 - 09:30 (07:00 - 07:30)", mail.TextBody, StringComparison.Ordinal); // event time, then Dushanbe's
        Assert.DoesNotContain(texts.Table, mail.TextBody, StringComparison.Ordinal);

        var invite = Calendar.Load(Ics(mail, ScheduleEmailComposer.RequestFileName))!.Events.Single();
        Assert.Equal(ICalendarWriter.Uid(meetingId), invite.Uid);
        Assert.Equal(link, invite.Location);
        Assert.Equal(new Uri(link), invite.Url);
    }

    [Fact]
    public async Task AcceptedReschedule_SendsBothPartiesOneUpdate_SameUidSequenceGrown_EvenWhenJobsRunTwice()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var meetingId = await HybridScenario.BookAsync(Meetings, eventId, visitor, exhibitor, slot: 1);
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, exhibitor));
        await app.DrainJobsAsync(eventId);

        await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(201);
        await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", exhibitor)).ExpectAsync(200);
        await (await HybridScenario.DecideAsync(_client, eventId, meetingId, "accept", exhibitor)).ExpectAsync(200); // a retry

        var jobs = await app.DrainJobsAsync(eventId);
        Assert.Equal(new[] { exhibitor.Id, visitor.Id }.Order(), jobs.Select(j => j.ParticipantId).Distinct().Order());
        await Task.WhenAll(jobs.Concat(jobs).Select(app.RunJobAsync)); // every job twice, concurrently

        var slot7 = (await MatcherSchedule(eventId, visitor))["meetings"]![0]!;
        var start = DateTimeOffset.Parse(slot7["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var who in new[] { visitor, exhibitor })
        {
            var files = EmlFiles(eventId, who.Id);
            Assert.Equal(2, files.Count); // the first schedule, then exactly one update
            using var update = await MimeMessage.LoadAsync(files.OrderBy(File.GetLastWriteTimeUtc).Last());
            var invite = Calendar.Load(Ics(update, ScheduleEmailComposer.RequestFileName))!.Events.Single();
            Assert.Equal(ICalendarWriter.Uid(meetingId), invite.Uid);
            Assert.Equal(1, invite.Sequence);
            Assert.Equal(start.UtcDateTime, invite.DtStart!.AsUtc);
        }
    }

    [Fact]
    public async Task AcceptedReschedule_QueueDownRightAfterTheMove_TheDispatcherDeliversBothEmailJobs()
    {
        var eventId = await HybridScenario.CreateEventAsync(_client);
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        var meetingId = await HybridScenario.BookAsync(Meetings, eventId, visitor, exhibitor, slot: 1);
        await (await HybridScenario.ProposeAsync(_client, eventId, meetingId, 7, visitor)).ExpectAsync(201);
        await app.DrainJobsAsync(eventId);

        // The app's own mover, but its queue is unreachable: the move commits, the delivery after it fails.
        var services = app.Services;
        var meeting = (await services.GetRequiredService<MeetingBooker>().GetAsync(eventId, meetingId, CancellationToken.None))!;
        var deadQueues = new Azure.Storage.Queues.QueueServiceClient(new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new Azure.Storage.Queues.QueueClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        var delivery = ActivatorUtilities.CreateInstance<ExpoMatch.Functions.FollowUpWork.PendingWorkDelivery>(services, deadQueues);
        var mover = ActivatorUtilities.CreateInstance<ExpoMatch.Functions.Meetings.Reschedule.MeetingMover>(services, delivery);
        var accepted = meeting.Reschedule!.Decide(ExpoMatch.Functions.Meetings.Reschedule.RescheduleStatus.Accepted, null, DateTimeOffset.UtcNow);
        Assert.Equal(ExpoMatch.Functions.Meetings.Reschedule.MoveOutcome.Moved, await mover.MoveAsync(meeting, accepted, seat: 1, CancellationToken.None));
        Assert.Empty(await app.DrainJobsAsync(eventId));

        Assert.Equal(2, await app.DeliverPendingWorkAsync(eventId));
        var jobs = await app.DrainJobsAsync(eventId);
        Assert.Equal(new[] { exhibitor.Id, visitor.Id }.Order(), jobs.Select(j => j.ParticipantId).Order());
        Assert.All(jobs, j => Assert.Equal(ScheduleEmailKinds.Schedule, j.Kind));
        Assert.Equal(0, await app.DeliverPendingWorkAsync(eventId));
    }

    private async Task<System.Text.Json.Nodes.JsonNode> MatcherSchedule(string eventId, Registered visitor) =>
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/visitors/{visitor.Id}/schedule", token: visitor.Token)).ExpectAsync(200);

    private List<string> EmlFiles(string eventId, string participantId) =>
        Directory.Exists(app.OutboxDirectory)
            ? [.. Directory.GetFiles(app.OutboxDirectory, "*.eml").Where(f => Path.GetFileName(f).StartsWith($"schedule.{eventId}.{participantId}.", StringComparison.Ordinal))]
            : [];

    private static string Ics(MimeMessage mail, string fileName)
    {
        var part = mail.Attachments.OfType<MimePart>().Single(a => a.FileName == fileName);
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
