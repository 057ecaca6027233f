using System.Net;
using Azure.Data.Tables;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Notifications.ScheduleEmails;

/// <summary>The send job, the timer and the organiser send against Azurite and the fake SendGrid.</summary>
public sealed class ScheduleEmailPipelineTests(MailerApp app) : IClassFixture<MailerApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task DuplicateJobs_SendExactlyOneEmailPerParticipantPerVersion()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);

        var jobs = Enumerable.Range(0, 4).SelectMany(_ => new[] { MailerApp.ScheduleJob(eventId, visitor), MailerApp.ScheduleJob(eventId, exhibitor) });
        await Task.WhenAll(jobs.Select(app.RunJobAsync));

        var mails = app.MailsOf(eventId);
        Assert.Equal(2, mails.Count);
        var visitorMail = Assert.Single(mails, m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId) == visitor.Id);
        var outboxKey = MailerApp.CustomArg(visitorMail, EmailCustomArgs.OutboxId)!;
        Assert.StartsWith(visitor.Id + "~", outboxKey, StringComparison.Ordinal);
        var row = await app.OutboxRowAsync(eventId, outboxKey);
        Assert.Equal(OutboxStatus.Sent, row!.GetString(ScheduleEmailRows.Status));
        Assert.False(string.IsNullOrEmpty(row.GetString(ScheduleEmailRows.ProviderMessageId)));

        // Same version later: nothing more.
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        Assert.Equal(2, app.MailsOf(eventId).Count);
    }

    [Fact]
    public async Task ScheduleEmail_NamesTheCounterpartPersonAndTheirCompany()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);

        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, exhibitor));

        var mails = app.MailsOf(eventId);
        string TextOf(Registered p) => Assert.Single(mails, m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId) == p.Id)
            .GetProperty("content")[0].GetProperty("value").GetString()!;
        // A visitor meets the exhibitor's contact person at their company, not the company named twice.
        Assert.Contains($"{exhibitor.Body["contactName"]} ({exhibitor.Body["company"]})", TextOf(visitor), StringComparison.Ordinal);
        Assert.Contains($"{visitor.Body["name"]} ({visitor.Body["company"]})", TextOf(exhibitor), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task TransientFailure_IsResentByTheSameJobOnce(int status)
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 1);
        var requestsBefore = app.SendGrid.RequestCount;
        if (status == 429)
        {
            app.SendGrid.RateLimitNext(1, DateTimeOffset.UtcNow.AddSeconds(1));
        }
        else
        {
            app.SendGrid.FailNext(1, status);
        }

        await Assert.ThrowsAsync<SendGridException>(() => app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor)));
        var row = Assert.Single(await app.OutboxRowsAsync(eventId));
        Assert.Equal(OutboxStatus.Retry, row.GetString(ScheduleEmailRows.Status));

        // The queue redelivers the message (twice, as a duplicate would): one more request, one email.
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));

        Assert.Equal(2, app.SendGrid.RequestCount - requestsBefore);
        Assert.Single(app.MailsOf(eventId));
        row = Assert.Single(await app.OutboxRowsAsync(eventId));
        Assert.Equal(OutboxStatus.Sent, row.GetString(ScheduleEmailRows.Status));
        Assert.Equal(2, row.GetInt32(ScheduleEmailRows.Attempts));
    }

    [Fact]
    public async Task PermanentFailure_IsRecordedAndNotRetried()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 2);
        var requestsBefore = app.SendGrid.RequestCount;
        app.SendGrid.FailNext(1, 400, "The from address does not match a verified Sender Identity.", "from.email");

        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));

        Assert.Equal(1, app.SendGrid.RequestCount - requestsBefore);
        var row = Assert.Single(await app.OutboxRowsAsync(eventId));
        Assert.Equal(OutboxStatus.Failed, row.GetString(ScheduleEmailRows.Status));
    }

    [Fact]
    public async Task CrashBetweenSendAndRecord_IsNeverResent_AndTheWebhookSettlesIt()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 3);
        app.Crash.CrashAfterNextSend();

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor)));
        var mail = Assert.Single(app.MailsOf(eventId));
        var outboxKey = MailerApp.CustomArg(mail, EmailCustomArgs.OutboxId)!;
        Assert.Equal(OutboxStatus.Sending, (await app.OutboxRowAsync(eventId, outboxKey))!.GetString(ScheduleEmailRows.Status));

        // Redelivery and the timer: the row is "sending", so nobody sends again.
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        await app.RunTimerAsync();
        foreach (var job in await app.DrainJobsAsync(eventId))
        {
            await app.RunJobAsync(job);
        }

        Assert.Single(app.MailsOf(eventId), m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId) == visitor.Id);

        // SendGrid's "processed" event carries the outbox id: the row becomes sent and the participant's state follows.
        var body = "[" + app.WebhookEvent("processed", eventId, outboxKey, MailerApp.Recipient(mail)) + "]";
        (await app.PostWebhookAsync(_client, body)).EnsureSuccessStatusCode();
        Assert.Equal(OutboxStatus.Sent, (await app.OutboxRowAsync(eventId, outboxKey))!.GetString(ScheduleEmailRows.Status));

        await app.RunTimerAsync();
        Assert.DoesNotContain(await app.DrainJobsAsync(eventId), j => j.ParticipantId == visitor.Id);
    }

    [Fact]
    public async Task ChangedSchedule_SendsOneNewEmail_WithChangeMarksSequenceAndCancel()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        var second = await app.RegisterExhibitorAsync(_client, eventId);
        await app.BookAsync(eventId, "m2", visitor.Id, second.Id, slot: 4);
        await app.CancelAsync(eventId, "m1", sequence: 1);

        await Task.WhenAll(app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor)), app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor)));

        var mails = app.MailsOf(eventId);
        Assert.Equal(2, mails.Count);
        var latest = mails[^1];
        var request = MailerApp.Attachment(latest, ScheduleEmailComposer.RequestFileName);
        Assert.Contains("METHOD:REQUEST", request, StringComparison.Ordinal);
        Assert.Contains("UID:m2", request, StringComparison.Ordinal);
        Assert.DoesNotContain("UID:m1", request, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", request, StringComparison.Ordinal);
        var cancel = MailerApp.Attachment(latest, ScheduleEmailComposer.CancelFileName);
        Assert.Contains("METHOD:CANCEL", cancel, StringComparison.Ordinal);
        Assert.Contains("UID:m1", cancel, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", cancel, StringComparison.Ordinal);

        // The visitor reads Thai: the marks are the localised New and Cancelled badges (ScheduleVersionTests pins
        // the exact marks; the intro also says "changed", so the text cannot show Changed's absence).
        var texts = ScheduleEmailTexts.For("th");
        var text = latest.GetProperty("content")[0].GetProperty("value").GetString()!;
        Assert.Contains(texts.New, text, StringComparison.Ordinal);
        Assert.Contains(texts.Cancelled, text, StringComparison.Ordinal);

        // The cancellation was told once: the next email (a moved table) no longer carries it.
        await app.Table("Meetings").UpdateEntityAsync(new TableEntity(eventId, "meeting~m2") { ["Table"] = 2, ["Sequence"] = 1 },
            Azure.ETag.All, TableUpdateMode.Merge);
        await app.RunJobAsync(MailerApp.ScheduleJob(eventId, visitor));
        var third = app.MailsOf(eventId)[^1];
        Assert.False(MailerApp.HasAttachment(third, ScheduleEmailComposer.CancelFileName));
        Assert.Contains("SEQUENCE:1", MailerApp.Attachment(third, ScheduleEmailComposer.RequestFileName), StringComparison.Ordinal);
        Assert.Equal(3, app.MailsOf(eventId).Count);
    }

    [Fact]
    public async Task Timer_QueuesOnlyChangedSchedules_AndAgendasOncePerDay()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        var idle = await Scenario.RegisterVisitorAsync(_client, eventId);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);

        await app.RunTimerAsync();
        var jobs = await app.DrainJobsAsync(eventId);
        Assert.Equal(new[] { exhibitor.Id, visitor.Id }.Order(StringComparer.Ordinal), jobs.Select(j => j.ParticipantId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(jobs, j => j.ParticipantId == idle.Id || j.Kind != ScheduleEmailKinds.Schedule);
        foreach (var job in jobs)
        {
            await app.RunJobAsync(job);
        }

        await app.RunTimerAsync();
        Assert.Empty(await app.DrainJobsAsync(eventId));

        // 19:00 in Ho Chi Minh City the evening before: agendas for the two with meetings, once.
        app.Clock.AdjustTime(new DateTimeOffset(2031, 3, 9, 12, 0, 0, TimeSpan.Zero));
        try
        {
            await app.RunTimerAsync();
            var agendas = await app.DrainJobsAsync(eventId);
            await app.RunTimerAsync();
            Assert.Empty(await app.DrainJobsAsync(eventId));
            Assert.Equal(2, agendas.Count);
            Assert.All(agendas, a => Assert.Equal(("agenda", "2031-03-10"), (a.Kind, a.Day)));
            foreach (var job in agendas.Concat(agendas))
            {
                await app.RunJobAsync(job);
            }

            var agendaMails = app.MailsOf(eventId).Where(m => m.GetProperty("categories")[0].GetString() == ScheduleEmailComposer.AgendaCategory).ToList();
            Assert.Equal(2, agendaMails.Count);
        }
        finally
        {
            app.Clock.AdjustTime(MailerApp.Start);
        }
    }

    [Fact]
    public async Task OrganiserSend_OverlappingTheTimer_SendsOncePerParticipant_AndCountsExactly()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        var other = await Scenario.RegisterVisitorAsync(_client, eventId);
        await Scenario.RegisterVisitorAsync(_client, eventId);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);
        await app.BookAsync(eventId, "m2", other.Id, exhibitor.Id, slot: 1);

        var started = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/schedule-emails", token: RegistrationApp.OrganiserKey, idempotencyKey: "send-1");
        var sendId = (await started.ExpectAsync(202))["id"]!.GetValue<string>();
        var replay = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/schedule-emails", token: RegistrationApp.OrganiserKey, idempotencyKey: "send-1");
        Assert.Equal(sendId, (await replay.ExpectAsync(202))["id"]!.GetValue<string>());

        // The POST recorded the send with its fan-out; nothing is listed until the fan-out runs.
        var recorded = await SendStatusAsync(eventId, sendId);
        Assert.Equal(("running", 0), (recorded["status"]!.GetValue<string>(), recorded["total"]!.GetValue<int>()));
        await app.RunTimerAsync();
        var first = await app.DrainJobsAsync(eventId);
        var fanOut = Assert.Single(first, j => j.Kind == ScheduleEmailKinds.OrganiserSend); // one, although the POST was made twice
        Assert.Equal(3, first.Count(j => j.Kind == ScheduleEmailKinds.Schedule)); // the timer's
        await app.RunJobAsync(fanOut);

        var pending = await SendStatusAsync(eventId, sendId);
        Assert.Equal(("running", 4, 4), (pending["status"]!.GetValue<string>(), pending["total"]!.GetValue<int>(), pending["pending"]!.GetValue<int>()));
        var jobs = await app.DrainJobsAsync(eventId);
        Assert.Equal(4, jobs.Count); // one per participant
        Assert.All(jobs, j => Assert.Equal(sendId, j.SendId));
        jobs.AddRange(first.Where(j => j.Kind == ScheduleEmailKinds.Schedule));
        await Task.WhenAll(jobs.Concat(jobs).Select(app.RunJobAsync));

        var mails = app.MailsOf(eventId);
        Assert.Equal(3, mails.Count);
        Assert.Equal(3, mails.Select(m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId)).Distinct().Count());

        var done = await SendStatusAsync(eventId, sendId);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal((4, 3, 0, 0, 1), (done["total"]!.GetValue<int>(), done["sent"]!.GetValue<int>(), done["failed"]!.GetValue<int>(),
            done["pending"]!.GetValue<int>(), done["skipped"]!.GetValue<int>()));

        // The fan-out redelivered after everything answered queues nothing.
        await app.RunJobAsync(fanOut);
        Assert.Empty(await app.DrainJobsAsync(eventId));

        // Delivery news from the webhook shows up in the counts.
        var visitorMail = mails.Single(m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId) == visitor.Id);
        var otherMail = mails.Single(m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId) == other.Id);
        var body = "[" + app.WebhookEvent("delivered", eventId, MailerApp.CustomArg(visitorMail, EmailCustomArgs.OutboxId)!, MailerApp.Recipient(visitorMail)) + ","
                 + app.WebhookEvent("bounce", eventId, MailerApp.CustomArg(otherMail, EmailCustomArgs.OutboxId)!, MailerApp.Recipient(otherMail)) + "]";
        (await app.PostWebhookAsync(_client, body)).EnsureSuccessStatusCode();
        var after = await SendStatusAsync(eventId, sendId);
        Assert.Equal((3, 1, 1), (after["sent"]!.GetValue<int>(), after["delivered"]!.GetValue<int>(), after["bounced"]!.GetValue<int>()));
    }

    [Fact]
    public async Task OrganiserSend_FanOutDiesHalfWayAndIsRedelivered_FinishesTheSameList_NewcomersWait()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        var leaving = await Scenario.RegisterVisitorAsync(_client, eventId);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);
        var sendId = (await (await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/schedule-emails", token: RegistrationApp.OrganiserKey)).ExpectAsync(202))["id"]!.GetValue<string>();
        var fanOut = Assert.Single(await app.DrainJobsAsync(eventId));

        // Two deliveries at once (the queue's at-least-once), then one participant's job, then a crash: the jobs
        // queued so far are lost with the worker. Later a newcomer registers and one member withdraws.
        await Task.WhenAll(app.RunJobAsync(fanOut), app.RunJobAsync(fanOut));
        var queued = await app.DrainJobsAsync(eventId);
        Assert.Equal(3, queued.DistinctBy(j => j.ParticipantId).Count());
        await app.RunJobAsync(queued.First(j => j.ParticipantId == visitor.Id));
        await Scenario.RegisterVisitorAsync(_client, eventId);
        (await _client.SendAsync(HttpMethod.Delete, $"/api/events/{eventId}/visitors/{leaving.Id}", token: leaving.Token)).EnsureSuccessStatusCode();

        // The redelivered fan-out queues exactly the members that have not answered: the same list, no newcomer.
        await app.RunJobAsync(fanOut);
        var requeued = await app.DrainJobsAsync(eventId);
        Assert.Equal(new[] { exhibitor.Id, leaving.Id }.Order(StringComparer.Ordinal), requeued.Select(j => j.ParticipantId).Order(StringComparer.Ordinal));
        await Task.WhenAll(requeued.Select(app.RunJobAsync));

        var done = await SendStatusAsync(eventId, sendId);
        Assert.Equal(("completed", 3, 2, 1), (done["status"]!.GetValue<string>(), done["total"]!.GetValue<int>(),
            done["sent"]!.GetValue<int>(), done["skipped"]!.GetValue<int>()));
        Assert.Equal(2, app.MailsOf(eventId).Count);
    }

    [Fact]
    public async Task OrganiserSend_RequestKilledAfterItsCommit_TheDispatcherDeliversTheFanOut()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);

        // Exactly what a POST killed right after its transaction leaves: the send and its fan-out work, undelivered.
        var sendId = Functions.Registration.Ids.New();
        var fanOut = new ScheduleEmailJob(eventId, "", "", ScheduleEmailKinds.OrganiserSend, SendId: sendId);
        await app.Table(ScheduleEmailRows.StateTable).SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, ScheduleEmailRows.SendKey(sendId)) { [ScheduleEmailRows.CreatedAt] = MailerApp.Start }),
            new TableTransactionAction(TableTransactionActionType.Add, ScheduleEmailQueue.Pending(fanOut).ToEntity(eventId, MailerApp.Start)),
        ]);
        Assert.Equal("running", (await SendStatusAsync(eventId, sendId))["status"]!.GetValue<string>());

        Assert.Equal(1, await app.DeliverPendingWorkAsync(eventId));
        var delivered = Assert.Single(await app.DrainJobsAsync(eventId));
        await app.RunJobAsync(delivered);
        await Task.WhenAll((await app.DrainJobsAsync(eventId)).Select(app.RunJobAsync));

        var done = await SendStatusAsync(eventId, sendId);
        Assert.Equal(("completed", 2, 2), (done["status"]!.GetValue<string>(), done["total"]!.GetValue<int>(), done["sent"]!.GetValue<int>()));
        Assert.Equal(0, await app.DeliverPendingWorkAsync(eventId));
    }

    private async Task<System.Text.Json.Nodes.JsonNode> SendStatusAsync(string eventId, string sendId) =>
        await (await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/schedule-emails/{sendId}", token: RegistrationApp.OrganiserKey)).ExpectAsync(200);

    [Fact]
    public async Task OrganiserSend_IsForOrganisersOnly_AndUnknownIdsAre404()
    {
        var (eventId, _, visitor) = await app.SetUpEventAsync(_client);
        var forbidden = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/schedule-emails", token: visitor.Token);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var anonymous = await _client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/schedule-emails");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var unknownEvent = await _client.SendAsync(HttpMethod.Post, "/api/events/nosuchevent/schedule-emails", token: RegistrationApp.OrganiserKey);
        Assert.Equal(HttpStatusCode.NotFound, unknownEvent.StatusCode);
        var unknownSend = await _client.SendAsync(HttpMethod.Get, $"/api/events/{eventId}/schedule-emails/nosuchsend", token: RegistrationApp.OrganiserKey);
        Assert.Equal(HttpStatusCode.NotFound, unknownSend.StatusCode);
    }
}
