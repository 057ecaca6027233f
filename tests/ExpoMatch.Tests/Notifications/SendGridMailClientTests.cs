using System.Net;
using System.Text;
using ExpoMatch.Benchmarks.Email;
using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SendGrid.Helpers.Mail;
using SendGridAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace ExpoMatch.Tests.Notifications;

/// <summary>
/// Our client on the SendGrid package's client, through IHttpClientFactory, against the fake SendGrid over real HTTP.
/// Retry waits run on a FakeTimeProvider: the tests move the clock and watch when the next request arrives.
/// </summary>
public sealed class SendGridMailClientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private FakeSendGrid _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeSendGrid.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Send_WhenAccepted_ReturnsXMessageIdAndSendsTheV3Schema()
    {
        using var services = Build();
        var composer = services.GetRequiredService<ScheduleEmailComposer>();
        var message = composer.ComposeSchedule(NotificationsTestData.Schedule("vi-VN"));

        var result = await services.GetRequiredService<IEmailSender>().SendAsync(message, CancellationToken.None);

        var accepted = Assert.Single(_fake.Accepted);
        Assert.Equal(accepted.XMessageId, result.ProviderMessageId);
        Assert.Equal(message.MessageId, result.MessageId);
        Assert.Equal("Bearer " + FakeSendGrid.ApiKey, accepted.Authorization);
        var body = accepted.Body;
        var to = body.GetProperty("personalizations")[0].GetProperty("to")[0];
        Assert.Equal("minh.khai@example.vn", to.GetProperty("email").GetString());
        Assert.Equal("Nguyễn Thị Minh Khai", to.GetProperty("name").GetString());
        Assert.Equal("schedules@expomatch.example", body.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Smart City Asia", body.GetProperty("from").GetProperty("name").GetString());
        // MailHelper puts the subject on the personalization, which the v3 schema allows in place of a top-level one.
        Assert.Equal(message.Subject, body.GetProperty("personalizations")[0].GetProperty("subject").GetString());
        var content = body.GetProperty("content");
        Assert.Equal("text/plain", content[0].GetProperty("type").GetString());
        Assert.Equal(message.TextBody, content[0].GetProperty("value").GetString());
        Assert.Equal("text/html", content[1].GetProperty("type").GetString());
        Assert.Equal(message.HtmlBody, content[1].GetProperty("value").GetString());
        var attachment = body.GetProperty("attachments")[0];
        Assert.Equal("schedule.ics", attachment.GetProperty("filename").GetString());
        Assert.Equal("text/calendar; method=REQUEST; charset=UTF-8", attachment.GetProperty("type").GetString());
        Assert.Equal("attachment", attachment.GetProperty("disposition").GetString());
        Assert.Equal(message.Attachments[0].Content.ToArray(), attachment.GetProperty("content").GetBytesFromBase64());
        Assert.Equal("schedule", body.GetProperty("categories")[0].GetString());
        var args = body.GetProperty("custom_args");
        Assert.Equal(message.MessageId, args.GetProperty(EmailCustomArgs.MessageId).GetString());
        Assert.Equal("p-0042", args.GetProperty(EmailCustomArgs.ParticipantId).GetString());
        Assert.Equal("3", args.GetProperty(EmailCustomArgs.ScheduleVersion).GetString());
        Assert.False(body.TryGetProperty("mail_settings", out _));
        Assert.Equal(1, _fake.RequestCount);
    }

    [Fact]
    public async Task Send_WhenSandboxModeConfigured_AsksSendGridForSandbox()
    {
        using var services = Build(s => s["ExpoMatch:Email:SendGrid:SandboxMode"] = "true");

        await services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None);

        var settings = Assert.Single(_fake.Accepted).Body.GetProperty("mail_settings");
        Assert.True(settings.GetProperty("sandbox_mode").GetProperty("enable").GetBoolean());
    }

    [Fact]
    public async Task Send_When429_WaitsUntilRateLimitResetThenSucceeds()
    {
        using var services = Build();
        _fake.RateLimitNext(1, Now.AddSeconds(7));

        var send = services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(200);
        Assert.Equal(1, _fake.RequestCount);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await send.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, result.StatusCode);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, _fake.RequestCount);
        Assert.Equal(1, _fake.AcceptedCount);
    }

    [Fact]
    public async Task Send_When429ResetIsFarAway_WaitsNoLongerThanTheCap()
    {
        using var services = Build();
        _fake.RateLimitNext(1, Now.AddHours(1));

        var send = services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None);
        var waits = await DriveClockAsync(send, TimeSpan.FromSeconds(1));

        Assert.InRange(Assert.Single(waits), TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task Send_When5xx_RetriesWithExponentialBackoff()
    {
        using var services = Build();
        _fake.FailNext(1, 500);
        _fake.FailNext(1, 503);
        _fake.FailNext(1, 502);

        var send = services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None);
        var waits = await DriveClockAsync(send, TimeSpan.FromMilliseconds(50));

        Assert.Equal(4, (await send).Attempts);
        Assert.Equal(1, _fake.AcceptedCount);
        Assert.Equal(3, waits.Count);
        for (var i = 0; i < 3; i++)
        {
            // base 1 s doubling, +-20 % jitter; the clock moves in 50 ms steps.
            var expected = Math.Pow(2, i);
            Assert.InRange(waits[i].TotalSeconds, expected * 0.8, (expected * 1.2) + 0.05);
        }
    }

    [Fact]
    public async Task Send_When5xxOutlastsAttempts_ThrowsTransientAfterMaxAttempts()
    {
        using var services = Build();
        _fake.FailNext(10, 503, "Service Unavailable");

        var send = services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None);
        await DriveClockAsync(send, TimeSpan.FromMilliseconds(100));
        var ex = await Assert.ThrowsAsync<SendGridException>(() => send);

        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(4, _fake.RequestCount);
        Assert.Equal(0, _fake.AcceptedCount);
    }

    [Theory]
    [InlineData(400, "The from address does not match a verified Sender Identity.", "from")]
    [InlineData(403, "access forbidden", null)]
    [InlineData(413, "The JSON payload you have included in your request is too large.", null)]
    public async Task Send_WhenClientError_DoesNotRetryAndSurfacesSendGridMessages(int status, string message, string? field)
    {
        using var services = Build();
        _fake.FailNext(1, status, message, field);

        var ex = await Assert.ThrowsAsync<SendGridException>(() => services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        var error = Assert.Single(ex.Errors);
        Assert.Equal(message, error.Message);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _fake.RequestCount);
    }

    [Fact]
    public async Task Send_WhenApiKeyIsWrong_Surfaces401WithoutRetryOrLeakingTheKey()
    {
        const string wrongKey = "SG.this-key-is-wrong-and-secret";
        using var services = Build(s => s["ExpoMatch:Email:SendGrid:ApiKey"] = wrongKey);

        var ex = await Assert.ThrowsAsync<SendGridException>(() => services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("authorization grant is invalid", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _fake.RequestCount);
    }

    [Fact]
    public async Task Send_WhenAttemptTimesOut_DoesNotRetryAndReportsOutcomeUnknown()
    {
        using var services = Build(s => s["ExpoMatch:Email:SendGrid:RequestTimeout"] = "00:00:01");
        var client = services.GetRequiredService<SendGridMailClient>();
        // Warm up first (connection, JIT): on a busy machine a cold first request alone can take a second.
        await client.SendAsync(Mail(), CancellationToken.None);
        _fake.StallNext(1, TimeSpan.FromSeconds(3));

        var ex = await Assert.ThrowsAsync<SendGridException>(() => client.SendAsync(Mail(), CancellationToken.None));

        // The stalled request still lands at SendGrid: a retry here would have delivered the email twice.
        Assert.True(ex.OutcomeUnknown);
        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
        Assert.Equal(2, _fake.RequestCount);
    }

    [Fact]
    public async Task Send_WhenConnectionDropsAfterTheRequest_IsAttemptedExactlyOnceAndReportsOutcomeUnknown()
    {
        // Proves the package adds no retry of its own under ours: with four attempts allowed, a request SendGrid may
        // have taken still goes out exactly once.
        using var services = Build();
        _fake.DropNext(1);

        var ex = await Assert.ThrowsAsync<SendGridException>(() => services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None));

        Assert.True(ex.OutcomeUnknown);
        Assert.Null(ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(1, _fake.RequestCount);
        Assert.Equal(0, _fake.AcceptedCount);
    }

    [Fact]
    public async Task Send_WhenSendGridIsUnreachable_RetriesWithBackoffBecauseNothingWasSent()
    {
        // A port with nothing listening: the connection is refused before any request goes out, so retrying is safe.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var services = Build(s =>
        {
            s["ExpoMatch:Email:SendGrid:BaseUrl"] = $"http://127.0.0.1:{closedPort}";
            s["ExpoMatch:Email:SendGrid:MaxAttempts"] = "3";
        });

        var send = services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None);
        // Two back-offs (1 s, then 2 s, +-20 %) must pass on the clock before the third and last attempt fails.
        _time.Advance(TimeSpan.FromSeconds(0.79));
        await Task.Delay(200);
        Assert.False(send.IsCompleted);
        while (!send.IsCompleted && _time.GetUtcNow() - Now < TimeSpan.FromSeconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }

        var ex = await Assert.ThrowsAsync<SendGridException>(() => send);
        Assert.True(ex.IsTransient);
        Assert.False(ex.OutcomeUnknown);
        Assert.Null(ex.StatusCode);
        // Two back-offs take 2.4-3.6 s; a third (>= 3.2 s more) would pass 5.6 s. The clock keeps stepping while a
        // refused connection takes real time on a loaded machine, so the upper bound sits between the two.
        Assert.InRange(_time.GetUtcNow() - Now, TimeSpan.FromSeconds(2.4), TimeSpan.FromSeconds(5.5));
    }

    [Fact]
    public async Task Send_WhenCallerCancels_StopsWithoutRetrying()
    {
        using var services = Build();
        _fake.StallNext(1, TimeSpan.FromSeconds(5));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), cts.Token));

        Assert.Equal(1, _fake.RequestCount);
    }

    [Theory]
    [InlineData("duplicate")]
    [InlineData("semicolon-name")]
    [InlineData("comma-name")]
    [InlineData("no-recipient")]
    [InlineData("bad-from")]
    [InlineData("no-content")]
    [InlineData("eleven-categories")]
    public async Task Send_WhenMailBreaksARule_ThrowsValidationWithoutCallingSendGrid(string rule)
    {
        using var services = Build();
        var mail = Mail();
        switch (rule)
        {
            case "duplicate": mail.Personalizations[0].Tos = [new("a@example.com"), new("A@example.com")]; break;
            case "semicolon-name": mail.Personalizations[0].Tos = [new("a@example.com", "Doe; John")]; break;
            case "comma-name": mail.From = new("from@example.com", "Doe, John"); break;
            case "no-recipient": mail.Personalizations[0].Tos = []; break;
            case "bad-from": mail.From = new("not-an-address"); break;
            case "no-content": mail.Contents = [new Content("text/plain", "")]; break;
            default: mail.Categories = [.. Enumerable.Range(0, 11).Select(i => $"c{i}")]; break;
        }

        var ex = await Assert.ThrowsAsync<EmailValidationException>(() => services.GetRequiredService<SendGridMailClient>().SendAsync(mail, CancellationToken.None));

        Assert.NotEmpty(ex.Problems);
        Assert.Equal(0, _fake.RequestCount);
    }

    [Fact]
    public async Task Send_WhenMessageIs30MegabytesOrMore_ThrowsValidation()
    {
        using var services = Build();
        var mail = Mail();
        mail.AddAttachment("big.bin", Convert.ToBase64String(new byte[23 * 1024 * 1024]));

        await Assert.ThrowsAsync<EmailValidationException>(() => services.GetRequiredService<SendGridMailClient>().SendAsync(mail, CancellationToken.None));

        Assert.Equal(0, _fake.RequestCount);
    }

    [Fact]
    public async Task Send_ToConfiguredBaseUrl_UsesIt()
    {
        // An EU account points BaseUrl at api.eu.sendgrid.com; here a second fake stands in for the other region.
        await using var eu = await FakeSendGrid.StartAsync();
        using var services = Build(s => s["ExpoMatch:Email:SendGrid:BaseUrl"] = eu.BaseUrl.ToString());

        await services.GetRequiredService<SendGridMailClient>().SendAsync(Mail(), CancellationToken.None);

        Assert.Equal(1, eu.AcceptedCount);
        Assert.Equal(0, _fake.RequestCount);
    }

    private ServiceProvider Build(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = NotificationsServices.SendGridSettings(_fake.BaseUrl);
        configure?.Invoke(settings);
        return NotificationsServices.Build(settings, _time);
    }

    private static SendGridMessage Mail()
    {
        var mail = MailHelper.CreateSingleEmail(
            new SendGridAddress("schedules@expomatch.example", "Smart City Asia"),
            new SendGridAddress("visitor@example.com", "Trần Văn An"),
            "Your schedule",
            "Hello",
            "<p>Hello</p>");
        mail.AddAttachment("schedule.ics", Convert.ToBase64String(Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")), "text/calendar; method=REQUEST");
        return mail;
    }

    private async Task WaitForRequestsAsync(int count)
    {
        for (var waited = 0; _fake.RequestCount < count; waited += 10)
        {
            Assert.True(waited < 30_000, $"the fake saw {_fake.RequestCount} of {count} requests");
            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Moves the fake clock on in <paramref name="step"/>s until <paramref name="send"/> ends and returns how far it
    /// moved between consecutive requests at the fake. After each request it pauses (real time) so the client can
    /// start its wait before the clock moves again; a wait can therefore only be measured longer, never shorter.
    /// </summary>
    private async Task<List<TimeSpan>> DriveClockAsync(Task send, TimeSpan step)
    {
        await WaitForRequestsAsync(1);
        var waits = new List<TimeSpan>();
        var seen = _fake.RequestCount;
        var lastRequestAt = _time.GetUtcNow();
        await Task.Delay(250);
        while (!send.IsCompleted)
        {
            Assert.True(_time.GetUtcNow() - Now < TimeSpan.FromHours(1), "the client never finished");
            _time.Advance(step);
            // Give a retry the clock just released time to reach the fake before the clock moves on (under load a
            // request can take tens of milliseconds; 25 ms was seen to let the clock overshoot by 3 steps).
            for (var i = 0; i < 20 && _fake.RequestCount == seen && !send.IsCompleted; i++)
            {
                await Task.Delay(5);
            }

            if (_fake.RequestCount != seen)
            {
                waits.Add(_time.GetUtcNow() - lastRequestAt);
                (seen, lastRequestAt) = (_fake.RequestCount, _time.GetUtcNow());
                await Task.Delay(250);
            }
        }

        return waits;
    }
}
