using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Tests.Registration;
using MimeKit;

namespace ExpoMatch.Tests.Notifications.ScheduleEmails;

/// <summary>
/// The organiser's approval and rejection each send one email in the exhibitor's language: through the API, the
/// queued job run (twice, as at-least-once delivery may), the .eml the app writes without a SendGrid key, read back
/// with MimeKit.
/// </summary>
public sealed class ExhibitorReviewEmailTests(EmlMailerApp app) : IClassFixture<EmlMailerApp>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<MimeMessage?> EmailAsync(string eventId, string exhibitorId, bool approved)
    {
        var path = Path.Combine(app.OutboxDirectory, EmlFileEmailSender.FileNameFor(ExhibitorDecisionComposer.MessageId(eventId, exhibitorId, approved)));
        return File.Exists(path) ? await MimeMessage.LoadAsync(path) : null;
    }

    private async Task RunEachTwiceAsync(IEnumerable<ScheduleEmailJob> jobs)
    {
        foreach (var job in jobs)
        {
            await app.RunJobAsync(job);
            await app.RunJobAsync(job);
        }
    }

    [Fact]
    public async Task Approval_SendsOneEmailInTheExhibitorsLanguage_EvenWhenApprovedAndDeliveredTwice()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var email = Scenario.Email("lan");
        var exhibitor = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body("V-12", "vi", email));
        Assert.Empty(await app.DrainJobsAsync(eventId));

        await ExhibitorSignup.ApproveAsync(_client, eventId, exhibitor.Id);
        await ExhibitorSignup.ApproveAsync(_client, eventId, exhibitor.Id);
        var jobs = await app.DrainJobsAsync(eventId);
        await RunEachTwiceAsync(jobs);

        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(ScheduleEmailKinds.ExhibitorApproved, j.Kind));
        var mail = Assert.Single(Directory.GetFiles(app.OutboxDirectory, "*.eml"), f => f.Contains(exhibitor.Id, StringComparison.Ordinal));
        using var parsed = await EmailAsync(eventId, exhibitor.Id, approved: true);
        Assert.NotNull(parsed);
        Assert.Equal("Smart City Asia 2022: đăng ký đơn vị triển lãm của bạn đã được duyệt", parsed.Subject);
        Assert.Equal(email, Assert.IsType<MailboxAddress>(Assert.Single(parsed.To)).Address);
        Assert.Contains("Gian hàng của bạn: V-12.", parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("Xin chào Trần Văn Minh,", parsed.HtmlBody, StringComparison.Ordinal);
        var row = await app.OutboxRowAsync(eventId, $"{exhibitor.Id}~exhibitor-approved");
        Assert.Equal(OutboxStatus.Sent, row!.GetString(ScheduleEmailRows.Status));
        Assert.Null(await EmailAsync(eventId, exhibitor.Id, approved: false));
        Assert.NotNull(mail);
    }

    [Fact]
    public async Task Rejection_SendsOneEmailWithTheReason_AndALaterApprovalItsOwnOne()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var exhibitor = await ExhibitorSignup.SelfRegisterAsync(_client, eventId, ExhibitorSignup.Body(language: "th"));

        await ExhibitorSignup.RejectAsync(_client, eventId, exhibitor.Id, "บูธเต็มแล้ว <ขออภัย>");
        await ExhibitorSignup.RejectAsync(_client, eventId, exhibitor.Id, "ignored: the first decision stands");
        var rejectionJobs = await app.DrainJobsAsync(eventId);
        await RunEachTwiceAsync(rejectionJobs);

        Assert.Equal(2, rejectionJobs.Count);
        using (var rejected = await EmailAsync(eventId, exhibitor.Id, approved: false))
        {
            Assert.NotNull(rejected);
            Assert.Equal("Smart City Asia 2022: เกี่ยวกับการลงทะเบียนผู้แสดงสินค้าของคุณ", rejected.Subject);
            Assert.Contains("เหตุผล: บูธเต็มแล้ว <ขออภัย>", rejected.TextBody, StringComparison.Ordinal);
            Assert.Contains("บูธเต็มแล้ว &lt;ขออภัย&gt;", rejected.HtmlBody, StringComparison.Ordinal);
        }

        await ExhibitorSignup.ApproveAsync(_client, eventId, exhibitor.Id);
        // A rejection job arriving late (after the approval) sends nothing: the exhibitor is no longer rejected.
        await RunEachTwiceAsync([.. rejectionJobs, .. await app.DrainJobsAsync(eventId)]);

        using var approved = await EmailAsync(eventId, exhibitor.Id, approved: true);
        Assert.NotNull(approved);
        Assert.StartsWith("Smart City Asia 2022: การลงทะเบียนผู้แสดงสินค้าของคุณได้รับการอนุมัติแล้ว", approved.Subject, StringComparison.Ordinal);
        Assert.Contains("ผู้จัดงานจะกำหนดบูธให้คุณ", approved.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, (await app.OutboxRowsAsync(eventId)).Count);
    }

    [Fact]
    public async Task ExhibitorsTheOrganiserRegistered_GetNoReviewEmail()
    {
        var eventId = await ExhibitorSignup.CreateEventAsync(_client, "approval");
        var exhibitor = await Scenario.RegisterExhibitorAsync(_client, eventId);

        await ExhibitorSignup.ApproveAsync(_client, eventId, exhibitor.Id);

        Assert.Empty(await app.DrainJobsAsync(eventId));
    }
}

/// <summary>The review email texts in every language the app writes, parsed back with MimeKit.</summary>
public sealed class ExhibitorDecisionComposerTests
{
    [Theory]
    [InlineData("vi-VN", true, "Expo: đăng ký đơn vị triển lãm của bạn đã được duyệt", "Gian hàng của bạn: B-7.")]
    [InlineData("th", false, "Expo: เกี่ยวกับการลงทะเบียนผู้แสดงสินค้าของคุณ", "เหตุผล: Full")]
    [InlineData("zh-Hans", true, "Expo：您的参展商注册已获批准", "您的展位：B-7。")]
    [InlineData("ru", false, "Expo: о вашей регистрации экспонента", "Причина: Full")]
    [InlineData("en", true, "Expo: your exhibitor registration is approved", "Your booth: B-7.")]
    [InlineData("fr", false, "Expo: your exhibitor registration", "Reason: Full")]
    public void Compose_WritesTheDecisionInTheExhibitorsLanguage(string language, bool approved, string subject, string line)
    {
        var email = ExhibitorDecisionComposer.Compose(new ExhibitorDecision("e1", "Expo", "x1", new EmailAddress("a@example.com", "Ann"),
            "Co", language, approved, "B-7", approved ? null : "Full"));

        using var mime = EmlFileEmailSender.ToMimeMessage(email, new EmailAddress("from@example.com"), DateTimeOffset.UnixEpoch);
        using var stream = new MemoryStream();
        mime.WriteTo(stream);
        stream.Position = 0;
        using var parsed = MimeMessage.Load(stream);

        Assert.Equal(subject, parsed.Subject);
        Assert.Contains(line, parsed.TextBody, StringComparison.Ordinal);
        Assert.Equal(approved ? "exhibitor-approved.e1.x1" : "exhibitor-rejected.e1.x1", email.MessageId);
    }
}
