using System.Text;
using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace ExpoMatch.Tests.Notifications;

public sealed class EmlFileEmailSenderTests : IDisposable
{
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "expomatch-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 10, 15, 30, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    [Fact]
    public async Task Send_WritesParseableEmlWithEncodedHeadersAlternativePartsAndCalendar()
    {
        using var services = Build();
        var message = services.GetRequiredService<ScheduleEmailComposer>().ComposeSchedule(NotificationsTestData.Schedule("th-TH"));

        var result = await services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None);

        var path = Assert.Single(Directory.GetFiles(_outbox));
        Assert.Equal(path, result.ProviderMessageId);
        var raw = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("\n", raw.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(raw.Split("\r\n"), line => Assert.InRange(line.Length, 0, 998));
        Assert.True(raw.All(c => c < 128), "an .eml must be 7-bit: non-ASCII travels encoded");

        using var mail = await MimeMessage.LoadAsync(path);
        Assert.Equal(message.Subject, mail.Subject);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(mail.From));
        Assert.Equal(("Smart City Asia", "schedules@expomatch.example"), (from.Name, from.Address));
        var to = Assert.IsType<MailboxAddress>(Assert.Single(mail.To));
        Assert.Equal(("Nguyễn Thị Minh Khai", "minh.khai@example.vn"), (to.Name, to.Address));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 15, 30, TimeSpan.Zero), mail.Date);
        Assert.Equal("Sat, 21 Nov 2026 10:15:30 +0000", mail.Headers[HeaderId.Date]);
        Assert.Equal("schedule.smartcity-2026.p-0042.v3@expomatch", mail.MessageId);
        Assert.Equal("1.0", mail.Headers[HeaderId.MimeVersion]);
        Assert.Contains("expomatch_participant_id=p-0042", mail.Headers.Where(h => h.Field == "X-ExpoMatch-Arg").Select(h => h.Value));

        var mixed = Assert.IsType<Multipart>(mail.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        Assert.Equal(3, mixed.Count);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(2, alternative.Count);
        var text = Assert.IsType<TextPart>(alternative[0]);
        Assert.Equal(("text/plain", "utf-8"), (text.ContentType.MimeType, text.ContentType.Charset?.ToLowerInvariant()));
        Assert.Equal(message.TextBody, text.Text);
        var html = Assert.IsType<TextPart>(alternative[1]);
        Assert.Equal(("text/html", "utf-8"), (html.ContentType.MimeType, html.ContentType.Charset?.ToLowerInvariant()));
        Assert.Equal(message.HtmlBody, html.Text);

        var request = Assert.IsType<TextPart>(mixed[1]);
        Assert.Equal("text/calendar", request.ContentType.MimeType);
        Assert.Equal("REQUEST", request.ContentType.Parameters["method"]);
        Assert.Equal("schedule.ics", request.FileName);
        Assert.Equal(ContentDisposition.Attachment, request.ContentDisposition!.Disposition);
        var ics = ICalendarWriterTests.Parse(request.Text);
        Assert.Equal("REQUEST", ics.Method);
        Assert.Equal(["m-001@expomatch", "m-002@expomatch", "m-004@expomatch"], ics.Events.Select(e => e.Uid));

        var cancel = Assert.IsType<TextPart>(mixed[2]);
        Assert.Equal("CANCEL", cancel.ContentType.Parameters["method"]);
        var cancelled = Assert.Single(ICalendarWriterTests.Parse(cancel.Text).Events);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.Equal("m-003@expomatch", cancelled.Uid);
    }

    [Fact]
    public async Task Send_SameMessageTwice_OverwritesOneFile()
    {
        using var services = Build();
        var composer = services.GetRequiredService<ScheduleEmailComposer>();
        var sender = services.GetRequiredService<IEmailSender>();

        await sender.SendAsync(composer.ComposeSchedule(NotificationsTestData.Schedule("en")), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        await sender.SendAsync(composer.ComposeSchedule(NotificationsTestData.Schedule("en")), CancellationToken.None);
        await sender.SendAsync(composer.ComposeSchedule(NotificationsTestData.Schedule("en") with { ScheduleVersion = 4 }), CancellationToken.None);

        var files = Directory.GetFiles(_outbox).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal(EmlFileEmailSender.FileNameFor("schedule.smartcity-2026.p-0042.v3"), files[0]);
        Assert.Contains("Sat, 21 Nov 2026 10:20:30 +0000", await File.ReadAllTextAsync(Path.Combine(_outbox, files[0]!)), StringComparison.Ordinal);
    }

    [Fact]
    public void FileNameFor_IsSafeDeterministicAndDistinguishesIdsThatSanitizeAlike()
    {
        var a = EmlFileEmailSender.FileNameFor("schedule/ev:1/p 2");
        var b = EmlFileEmailSender.FileNameFor("schedule_ev_1_p_2");

        Assert.Equal(a, EmlFileEmailSender.FileNameFor("schedule/ev:1/p 2"));
        Assert.NotEqual(a, b);
        Assert.DoesNotContain('/', a);
        Assert.EndsWith(".eml", a, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Plain ASCII subject")]
    [InlineData("Lịch gặp gỡ của bạn tại Smart City Asia 2026 – đã thay đổi, xin vui lòng kiểm tra lại các cuộc gặp")]
    [InlineData("您的会议日程已更新：深圳智慧城市科技有限公司")]
    [InlineData("นัดหมายของคุณที่ Smart City Asia 2026 มีการเปลี่ยนแปลง")]
    [InlineData("😀 Встреча: ООО «Умный город»")]
    public async Task Write_SubjectAndNamesInEveryScript_RoundTripThroughSevenBitHeaders(string text)
    {
        var message = new EmailMessage("m1", new EmailAddress("a@example.com", text), text, "t", "<p>h</p>");

        var parsed = await RoundTripAsync(message, new EmailAddress("f@example.com", text));

        Assert.Equal(text, parsed.Subject);
        Assert.Equal(text, Assert.IsType<MailboxAddress>(Assert.Single(parsed.To)).Name);
        Assert.Equal(text, Assert.IsType<MailboxAddress>(Assert.Single(parsed.From)).Name);
    }

    [Fact]
    public async Task Write_AttachmentWithNonAsciiName_UsesRfc2231AndKeepsTheBytes()
    {
        var content = Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nSUMMARY:Gặp gỡ\r\nEND:VCALENDAR\r\n");
        var message = new EmailMessage("m1", new EmailAddress("a@example.com"), "s", "t", "<p>h</p>")
        {
            Attachments = [new EmailAttachment("lịch.ics", "text/calendar; method=REQUEST; charset=UTF-8", content)],
        };

        using var mime = EmlFileEmailSender.ToMimeMessage(message, new EmailAddress("f@example.com"), DateTimeOffset.UnixEpoch);
        using var stream = new MemoryStream();
        await mime.WriteToAsync(stream);
        stream.Position = 0;
        using var parsed = await MimeMessage.LoadAsync(stream);

        Assert.Contains("filename*=utf-8''l%E1%BB%8Bch.ics", Encoding.ASCII.GetString(stream.ToArray()), StringComparison.OrdinalIgnoreCase);
        var attachment = Assert.IsType<TextPart>(Assert.Single(parsed.Attachments));
        Assert.Equal("lịch.ics", attachment.FileName);
        using var decoded = new MemoryStream();
        await attachment.Content!.DecodeToAsync(decoded);
        Assert.Equal(content, decoded.ToArray());
    }

    private static async Task<MimeMessage> RoundTripAsync(EmailMessage message, EmailAddress from)
    {
        using var mime = EmlFileEmailSender.ToMimeMessage(message, from, DateTimeOffset.UnixEpoch);
        using var stream = new MemoryStream();
        await mime.WriteToAsync(stream);
        Assert.True(stream.ToArray().All(b => b < 128), "headers must be 7-bit");
        stream.Position = 0;
        return await MimeMessage.LoadAsync(stream);
    }

    private ServiceProvider Build() => NotificationsServices.Build(
        new Dictionary<string, string?>
        {
            ["ExpoMatch:Email:OutboxDirectory"] = _outbox,
            ["ExpoMatch:Email:SendGrid:FromEmail"] = "schedules@expomatch.example",
            ["ExpoMatch:Email:SendGrid:FromName"] = "Smart City Asia",
        },
        _time);
}
