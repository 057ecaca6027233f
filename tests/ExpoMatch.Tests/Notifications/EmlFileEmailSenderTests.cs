using System.Text;
using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Notifications;

public sealed class EmlFileEmailSenderTests : IDisposable
{
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "expomatch-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 10, 15, 30, TimeSpan.Zero));

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

        var mail = MimeParser.Parse(raw);
        Assert.Equal(message.Subject, MimeParser.DecodeHeader(mail.Header("Subject")!));
        Assert.Equal("\"Smart City Asia\" <schedules@expomatch.example>", mail.Header("From"));
        Assert.Equal("Nguyễn Thị Minh Khai <minh.khai@example.vn>", MimeParser.DecodeHeader(mail.Header("To")!));
        Assert.Equal("Sat, 21 Nov 2026 10:15:30 +0000", mail.Header("Date"));
        Assert.Equal("<schedule.smartcity-2026.p-0042.v3@expomatch>", mail.Header("Message-ID"));
        Assert.Equal("1.0", mail.Header("MIME-Version"));
        Assert.StartsWith("multipart/mixed", mail.ContentType, StringComparison.Ordinal);

        Assert.Equal(3, mail.Parts.Count);
        var alternative = mail.Parts[0];
        Assert.StartsWith("multipart/alternative", alternative.ContentType, StringComparison.Ordinal);
        Assert.Equal(2, alternative.Parts.Count);
        Assert.Equal("text/plain; charset=UTF-8", alternative.Parts[0].ContentType);
        Assert.Equal(message.TextBody, alternative.Parts[0].DecodedText());
        Assert.Equal("text/html; charset=UTF-8", alternative.Parts[1].ContentType);
        Assert.Equal(message.HtmlBody, alternative.Parts[1].DecodedText());

        var request = mail.Parts[1];
        Assert.StartsWith("text/calendar; method=REQUEST; charset=UTF-8", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("schedule.ics", request.Parameter("Content-Disposition", "filename"));
        Assert.StartsWith("attachment", request.Header("Content-Disposition"), StringComparison.Ordinal);
        var ics = ICalendarParser.Parse(request.DecodedText());
        Assert.Equal("REQUEST", ics.Single("METHOD").Value);
        Assert.Equal(["m-001@expomatch", "m-002@expomatch", "m-004@expomatch"], ics.Events.Select(e => e.Single("UID").Value));

        var cancel = mail.Parts[2];
        Assert.StartsWith("text/calendar; method=CANCEL; charset=UTF-8", cancel.ContentType, StringComparison.Ordinal);
        var cancelled = ICalendarParser.Parse(cancel.DecodedText());
        Assert.Equal("CANCELLED", Assert.Single(cancelled.Events).Single("STATUS").Value);
        Assert.Equal("m-003@expomatch", cancelled.Events[0].Single("UID").Value);
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
    [InlineData("😀 Встреча: ООО «Умный город»")]
    public void EncodeUnstructured_RoundTripsThroughEncodedWords(string subject)
    {
        var encoded = MimeMessageWriter.EncodeUnstructured(subject);

        Assert.True(encoded.All(c => c < 128));
        Assert.Equal(subject, MimeParser.DecodeHeader(encoded.Replace("\r\n ", " ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Write_AttachmentWithNonAsciiName_UsesRfc2231()
    {
        var message = new EmailMessage("m1", new EmailAddress("a@example.com"), "s", "t", "<p>h</p>")
        {
            Attachments = [new EmailAttachment("lịch.ics", "text/calendar; method=REQUEST; charset=UTF-8", Encoding.UTF8.GetBytes("x"))],
        };

        var raw = MimeMessageWriter.Write(message, new EmailAddress("f@example.com"), DateTimeOffset.UnixEpoch);

        Assert.Contains("filename*=UTF-8''l%E1%BB%8Bch.ics", raw, StringComparison.Ordinal);
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
