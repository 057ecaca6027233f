using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ExpoMatch.Benchmarks.Email;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpoMatch.Tests.Notifications.ScheduleEmails;

/// <summary>
/// Test hook for "the process died between SendGrid accepting the email and the outbox recording it": the email is
/// really sent, then the sender throws something that is not a SendGrid failure, exactly as a crash looks to the job.
/// </summary>
public sealed class CrashAfterSendHook
{
    private int _crashes;

    public void CrashAfterNextSend() => Interlocked.Exchange(ref _crashes, 1);

    public bool TakeCrash() => Interlocked.Exchange(ref _crashes, 0) == 1;
}

public sealed class CrashingEmailSender(IEmailSender inner, CrashAfterSendHook hook) : IEmailSender
{
    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var result = await inner.SendAsync(message, cancellationToken);
        return hook.TakeCrash() ? throw new InvalidOperationException("Simulated crash after the send.") : result;
    }
}

/// <summary>
/// The app (worker through the local host) over the shared Azurite with the fake SendGrid as its SendGrid (one attempt
/// per send, so a 5xx surfaces to the job at once), a P-256 webhook key and its own schedule-emails queue; the queue
/// and timer triggers are off, so the jobs and the timer run only when a test runs them: in the test process on the
/// app's services (<see cref="RunJobAsync"/>), with a fake clock and a crash hook there.
/// </summary>
public class MailerApp : FunctionAppFixture
{
    public static readonly DateTimeOffset Start = new(2031, 3, 9, 3, 0, 0, TimeSpan.Zero); // 10:00 in Ho Chi Minh City, the day before

    public FakeSendGrid SendGrid { get; private set; } = null!;

    public string QueueName { get; } = "schedule-emails-" + Guid.NewGuid().ToString("N")[..12];

    private readonly string _matchingWorkQueue = "matching-work-" + Guid.NewGuid().ToString("N")[..12];

    public ECDsa WebhookKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The in-process services' clock (jobs and timer runs). Tests move it with AdjustTime.</summary>
    public FakeTimeProvider Clock { get; } = new(Start);

    public CrashAfterSendHook Crash { get; } = new();

    protected virtual bool UseSendGrid => true;

    /// <summary>Per SendGrid attempt; the client's default (30 s) unless a fixture needs timeouts quickly.</summary>
    protected virtual string? SendGridRequestTimeout => null;

    public string OutboxDirectory { get; } = Path.Combine(Path.GetTempPath(), "expomatch-outbox-" + Guid.NewGuid().ToString("N")[..8]);

    public override async Task InitializeAsync()
    {
        SendGrid = await FakeSendGrid.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await SendGrid.DisposeAsync();
        WebhookKey.Dispose();
        if (Directory.Exists(OutboxDirectory))
        {
            Directory.Delete(OutboxDirectory, recursive: true);
        }
    }

    protected override Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(base.Settings())
        {
            ["ExpoMatch__ScheduleEmailsQueue"] = QueueName,
            ["ExpoMatch__MatchingWorkQueue"] = _matchingWorkQueue,
            ["ExpoMatch__Email__SendGrid__EventWebhook__PublicKey"] = Convert.ToBase64String(WebhookKey.ExportSubjectPublicKeyInfo()),
            ["ExpoMatch__Email__OutboxDirectory"] = OutboxDirectory,
            ["ExpoMatch__Email__SendGrid__FromEmail"] = "schedules@expomatch.test",
        };
        if (UseSendGrid)
        {
            settings["ExpoMatch__Email__SendGrid__ApiKey"] = FakeSendGrid.ApiKey;
            settings["ExpoMatch__Email__SendGrid__BaseUrl"] = SendGrid.BaseUrl.ToString();
            settings["ExpoMatch__Email__SendGrid__MaxAttempts"] = "1";
            if (SendGridRequestTimeout is { } timeout)
            {
                settings["ExpoMatch__Email__SendGrid__RequestTimeout"] = timeout;
            }
        }

        return settings;
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Crash);
        services.AddTransient<IEmailSender>(sp => new CrashingEmailSender(
            UseSendGrid ? sp.GetRequiredService<SendGridEmailSender>() : sp.GetRequiredService<EmlFileEmailSender>(), Crash));
    }

    /// <summary>One day, 10 March 2031 (in the future, so the timer still looks at it), in Ho Chi Minh City.</summary>
    public Task<string> CreateEventAsync(HttpClient client) =>
        Scenario.CreateEventAsync(client, "2031-03-10T08:00:00+07:00", date: "2031-03-10", name: "Smart City Asia 2031");

    public Task<Registered> RegisterExhibitorAsync(HttpClient client, string eventId) => Scenario.RegisterExhibitorAsync(client, eventId);

    /// <summary>An event with one exhibitor and one visitor, registered through the API.</summary>
    public async Task<(string EventId, Registered Exhibitor, Registered Visitor)> SetUpEventAsync(HttpClient client)
    {
        var eventId = await CreateEventAsync(client);
        var exhibitor = await RegisterExhibitorAsync(client, eventId);
        var visitor = await Scenario.RegisterVisitorAsync(client, eventId);
        return (eventId, exhibitor, visitor);
    }

    /// <summary>The schedule email job for one participant.</summary>
    public static ScheduleEmailJob ScheduleJob(string eventId, Registered participant) =>
        new(eventId, participant.Id, KindOf(participant), ScheduleEmailKinds.Schedule);

    public static string KindOf(Registered participant) => participant.Body["boothCode"] is not null ? "exhibitor" : "visitor";

    public TableClient Table(string name) => StorageClients.Tables(ConnectionString).GetTableClient(name);

    public async Task RunJobAsync(ScheduleEmailJob job)
    {
        using var scope = Services.CreateScope();
        await ActivatorUtilities.CreateInstance<SendScheduleEmail>(scope.ServiceProvider).RunAsync(job, CancellationToken.None);
    }

    /// <summary>One run of the pending-work dispatcher over one event, for work recorded before the fake clock's now.</summary>
    public async Task<int> DeliverPendingWorkAsync(string eventId)
    {
        using var scope = Services.CreateScope();
        return await ActivatorUtilities.CreateInstance<ExpoMatch.Functions.FollowUpWork.DeliverPendingWork>(scope.ServiceProvider)
            .DeliverForEventAsync(eventId, Clock.GetUtcNow().AddSeconds(1), CancellationToken.None);
    }

    public async Task RunTimerAsync()
    {
        using var scope = Services.CreateScope();
        await ActivatorUtilities.CreateInstance<SendScheduleEmails>(scope.ServiceProvider)
            .RunAsync(new ExpoMatch.Functions.Hosting.TimerInvocation(false, null), CancellationToken.None);
    }

    /// <summary>Every job on this app's queue for the event (received and deleted); other events' jobs are dropped.</summary>
    public async Task<List<ScheduleEmailJob>> DrainJobsAsync(string eventId)
    {
        var queue = StorageClients.Queues(ConnectionString).GetQueueClient(QueueName);
        await queue.CreateIfNotExistsAsync();
        var result = new List<ScheduleEmailJob>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                return result;
            }

            foreach (var message in batch)
            {
                var job = JsonSerializer.Deserialize(message.MessageText, ScheduleEmailJsonContext.Default.ScheduleEmailJob)!;
                if (job.EventId == eventId)
                {
                    result.Add(job);
                }

                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>The accepted SendGrid mails of one event (by the custom args every schedule email carries).</summary>
    public List<JsonElement> MailsOf(string eventId) =>
        [.. SendGrid.Accepted.Select(a => a.Body).Where(b => CustomArg(b, EmailCustomArgs.EventId) == eventId)];

    public static string? CustomArg(JsonElement mail, string name) =>
        mail.TryGetProperty("custom_args", out var args) && args.TryGetProperty(name, out var value) ? value.GetString() : null;

    public static string Recipient(JsonElement mail) =>
        mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!;

    public static string Attachment(JsonElement mail, string fileName) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(mail.GetProperty("attachments").EnumerateArray()
            .Single(a => a.GetProperty("filename").GetString() == fileName).GetProperty("content").GetString()!));

    public static bool HasAttachment(JsonElement mail, string fileName) =>
        mail.TryGetProperty("attachments", out var list) && list.EnumerateArray().Any(a => a.GetProperty("filename").GetString() == fileName);

    public async Task BookAsync(string eventId, string meetingId, string visitorId, string exhibitorId, int slot, int table = 1)
    {
        var meetings = Table(MeetingRow.TableName);
        await meetings.CreateIfNotExistsAsync();
        await meetings.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.RowKey(meetingId))
            {
                [MeetingRow.MeetingId] = meetingId,
                [MeetingRow.VisitorId] = visitorId,
                [MeetingRow.ExhibitorId] = exhibitorId,
                [MeetingRow.Slot] = slot,
                [MeetingRow.Table] = table,
                [MeetingRow.Status] = MeetingStatus.Booked,
                [MeetingRow.Sequence] = 0,
                [MeetingRow.RequestId] = "",
                [MeetingRow.Reasons] = "[]",
            }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.VisitorBusyRowKey(slot, visitorId))),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.TableBusyRowKey(slot, exhibitorId, table))),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(eventId, MeetingRow.PairRowKey(visitorId, exhibitorId))),
        ]);
    }

    /// <summary>What the matcher does when a meeting is called off: status cancelled, sequence bumped.</summary>
    public async Task CancelAsync(string eventId, string meetingId, int sequence)
    {
        await Table(MeetingRow.TableName).UpdateEntityAsync(new TableEntity(eventId, MeetingRow.RowKey(meetingId))
        {
            [MeetingRow.Status] = MeetingStatus.Cancelled,
            [MeetingRow.Sequence] = sequence,
        }, Azure.ETag.All, TableUpdateMode.Merge);
    }

    public async Task<TableEntity?> OutboxRowAsync(string eventId, string rowKey) =>
        await Table(ScheduleEmailRows.OutboxTable).GetEntityOrNullAsync(eventId, rowKey);

    public async Task<List<TableEntity>> OutboxRowsAsync(string eventId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table(ScheduleEmailRows.OutboxTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {eventId}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A body signed the way SendGrid signs it: ECDSA P-256 over timestamp + raw body, Base64 DER.</summary>
    public (string Signature, string Timestamp) Sign(string body, DateTimeOffset? at = null)
    {
        // The worker checks the timestamp against its own (real) clock.
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = WebhookKey.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return (Convert.ToBase64String(signature), timestamp);
    }

    public async Task<HttpResponseMessage> PostWebhookAsync(HttpClient client, string body, bool sign = true, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sendgrid/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (sign)
        {
            var (sig, timestamp) = Sign(body);
            request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", signature ?? sig);
            request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        }

        return await client.SendAsync(request);
    }

    /// <summary>One webhook event JSON object about a schedule email (custom args as SendGrid echoes them).</summary>
    public string WebhookEvent(string kind, string eventId, string outboxKey, string email, string? sgEventId = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["email"] = email,
            ["timestamp"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
            ["event"] = kind,
            ["sg_event_id"] = sgEventId ?? Guid.NewGuid().ToString("N"),
            ["sg_message_id"] = "fake0001.filter0001.1.0",
            [EmailCustomArgs.EventId] = eventId,
            [EmailCustomArgs.OutboxId] = outboxKey,
        });
}

/// <summary>SendGrid attempts time out after half a second.</summary>
public sealed class ImpatientMailerApp : MailerApp
{
    protected override string? SendGridRequestTimeout => "00:00:00.500";
}

/// <summary>The same app without a SendGrid key: emails become .eml files in the outbox folder.</summary>
public sealed class EmlMailerApp : MailerApp
{
    protected override bool UseSendGrid => false;
}
