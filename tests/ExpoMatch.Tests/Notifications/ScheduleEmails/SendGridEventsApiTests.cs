using System.Net;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Notifications.ScheduleEmails;

/// <summary>POST /api/sendgrid/events: signature, malformed bodies, duplicates, bounces and suppression.</summary>
public sealed class SendGridEventsApiTests(MailerApp app) : IClassFixture<MailerApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Webhook_WithoutOrWithWrongSignature_Is401()
    {
        var body = "[" + app.WebhookEvent("delivered", "someevent", "p~1", "a@example.com") + "]";

        var missing = await app.PostWebhookAsync(_client, body, sign: false);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var (otherSignature, _) = app.Sign(body + " ");
        var wrong = await app.PostWebhookAsync(_client, body, signature: otherSignature);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var garbage = await app.PostWebhookAsync(_client, body, signature: "not base64 at all!");
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Theory]
    [InlineData("{\"event\":\"delivered\"}")]
    [InlineData("[{\"event\":\"delivered\"")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task Webhook_SignedButMalformed_Is400(string body)
    {
        var response = await app.PostWebhookAsync(_client, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("someevent", "a/b#c?d")]
    [InlineData("someevent", "x~1")]
    [InlineData("Not An Id", "x~1")]
    public async Task Webhook_EventsAboutNoOutboxRowOfOurs_AreIgnoredNot500(string eventId, string outboxKey)
    {
        var body = "[" + app.WebhookEvent("bounce", eventId, outboxKey, "a@example.com") + ",{\"event\":\"open\",\"timestamp\":1}]";

        var json = await (await app.PostWebhookAsync(_client, body)).ExpectAsync(200);

        Assert.Equal((0, 2), (json["applied"]!.GetValue<int>(), json["ignored"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Webhook_DuplicateEvents_AreAppliedOnce()
    {
        var (eventId, mail, outboxKey) = await SentScheduleAsync();
        var sgEventId = Guid.NewGuid().ToString("N");
        var body = "[" + app.WebhookEvent("delivered", eventId, outboxKey, MailerApp.Recipient(mail), sgEventId) + "]";

        var first = await (await app.PostWebhookAsync(_client, body)).ExpectAsync(200);
        var second = await (await app.PostWebhookAsync(_client, body)).ExpectAsync(200);

        Assert.Equal((1, 0), (first["applied"]!.GetValue<int>(), first["duplicates"]!.GetValue<int>()));
        Assert.Equal((0, 1), (second["applied"]!.GetValue<int>(), second["duplicates"]!.GetValue<int>()));
        Assert.Equal(DeliveryStatus.Delivered, (await app.OutboxRowAsync(eventId, outboxKey))!.GetString(ScheduleEmailRows.Delivery));
    }

    [Fact]
    public async Task Bounce_SuppressesTheNextEmail_UntilTheAddressChanges()
    {
        var (eventId, mail, outboxKey) = await SentScheduleAsync();
        var visitorId = MailerApp.CustomArg(mail, EmailCustomArgs.ParticipantId)!;
        var exhibitor = await app.RegisterExhibitorAsync(_client, eventId);
        var body = "[" + app.WebhookEvent("bounce", eventId, outboxKey, MailerApp.Recipient(mail)) + "]";
        (await app.PostWebhookAsync(_client, body)).EnsureSuccessStatusCode();

        // A new meeting would normally mean a new email; the bounced address gets none.
        await app.BookAsync(eventId, "m9", visitorId, exhibitor.Id, slot: 5);
        var job = new ScheduleEmailJob(eventId, visitorId, "visitor", ScheduleEmailKinds.Schedule);
        await app.RunJobAsync(job);
        Assert.Single(app.MailsOf(eventId), m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId) == visitorId);

        // The participant fixes the address (registration PATCH): the next job mails the new address.
        var newEmail = Scenario.Email("fixed");
        var patch = await _client.SendAsync(HttpMethod.Patch, $"/api/events/{eventId}/visitors/{visitorId}", new { email = newEmail }, RegistrationApp.OrganiserKey);
        await patch.ExpectAsync(200);
        await app.RunJobAsync(job);
        var mails = app.MailsOf(eventId).Where(m => MailerApp.CustomArg(m, EmailCustomArgs.ParticipantId) == visitorId).ToList();
        Assert.Equal(2, mails.Count);
        Assert.Equal(newEmail, MailerApp.Recipient(mails[^1]));
    }

    /// <summary>An event with one visitor whose schedule email went out; returns that email and its outbox key.</summary>
    private async Task<(string EventId, System.Text.Json.JsonElement Mail, string OutboxKey)> SentScheduleAsync()
    {
        var eventId = await app.CreateEventAsync(_client);
        var exhibitor = await app.RegisterExhibitorAsync(_client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(_client, eventId);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);
        await app.RunJobAsync(new ScheduleEmailJob(eventId, visitor.Id, "visitor", ScheduleEmailKinds.Schedule));
        var mail = Assert.Single(app.MailsOf(eventId));
        return (eventId, mail, MailerApp.CustomArg(mail, EmailCustomArgs.OutboxId)!);
    }
}

/// <summary>Without a SendGrid key the same pipeline writes .eml files to ExpoMatch:Email:OutboxDirectory.</summary>
public sealed class EmlOutboxModeTests(EmlMailerApp app) : IClassFixture<EmlMailerApp>
{
    [Fact]
    public async Task NoApiKey_WritesOneEmlFilePerEmail_AndNothingReachesSendGrid()
    {
        var client = app.CreateClient();
        var eventId = await app.CreateEventAsync(client);
        var exhibitor = await app.RegisterExhibitorAsync(client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(client, eventId);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);

        var job = new ScheduleEmailJob(eventId, visitor.Id, "visitor", ScheduleEmailKinds.Schedule);
        await app.RunJobAsync(job);
        await app.RunJobAsync(job);

        var file = Assert.Single(Directory.GetFiles(app.OutboxDirectory, "*.eml"));
        var eml = await File.ReadAllTextAsync(file);
        Assert.Contains("text/calendar", eml, StringComparison.Ordinal);
        Assert.Equal(0, app.SendGrid.RequestCount);
        var row = Assert.Single(await app.OutboxRowsAsync(eventId));
        Assert.Equal(OutboxStatus.Sent, row.GetString(ScheduleEmailRows.Status));
    }
}
