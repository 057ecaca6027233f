using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Notifications.ScheduleEmails;

/// <summary>No answer from SendGrid is not "not sent": the email may be on its way, so it is never sent twice.</summary>
public sealed class SendTimeoutTests(ImpatientMailerApp app) : IClassFixture<ImpatientMailerApp>
{
    [Fact]
    public async Task Timeout_LeavesTheRowSending_AndIsNotResent_UntilTheWebhookSettlesIt()
    {
        var client = app.CreateClient();
        var eventId = await app.CreateEventAsync(client);
        var exhibitor = await app.RegisterExhibitorAsync(client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(client, eventId);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);
        var job = new ScheduleEmailJob(eventId, visitor.Id, "visitor", ScheduleEmailKinds.Schedule);
        app.SendGrid.StallNext(1, TimeSpan.FromSeconds(3));

        await app.RunJobAsync(job);
        await app.RunJobAsync(job);

        Assert.Equal(1, app.SendGrid.RequestCount);
        var row = Assert.Single(await app.OutboxRowsAsync(eventId));
        Assert.Equal(OutboxStatus.Sending, row.GetString(ScheduleEmailRows.Status));

        var body = "[" + app.WebhookEvent("processed", eventId, row.RowKey, "whoever@example.com") + "]";
        (await app.PostWebhookAsync(client, body)).EnsureSuccessStatusCode();
        Assert.Equal(OutboxStatus.Sent, (await app.OutboxRowAsync(eventId, row.RowKey))!.GetString(ScheduleEmailRows.Status));
    }
}
