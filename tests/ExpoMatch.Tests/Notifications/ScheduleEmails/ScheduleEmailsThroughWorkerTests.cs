using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Notifications.ScheduleEmails;

/// <summary>The mailer app with its queue trigger on: the local host delivers schedule jobs to the worker.</summary>
public sealed class WorkingMailerApp : MailerApp
{
    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["AzureWebJobs.SendScheduleEmail.Disabled"] = "false",
    };
}

/// <summary>
/// At most one email per schedule version through the worker: duplicate jobs delivered concurrently by the host, and
/// a worker process killed while SendGrid holds its request (the host restarts it and redelivers the job).
/// </summary>
public sealed partial class ScheduleEmailsThroughWorkerTests(WorkingMailerApp app) : IClassFixture<WorkingMailerApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task DuplicateJobs_DeliveredConcurrently_SendOneEmailPerParticipant()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 0);
        var queue = app.Services.GetRequiredService<ScheduleEmailQueue>();

        await queue.EnqueueAllAsync(Enumerable.Range(0, 4).SelectMany(_ => new[] { MailerApp.ScheduleJob(eventId, visitor), MailerApp.ScheduleJob(eventId, exhibitor) }), CancellationToken.None);
        await WaitUntilAsync(async () => app.MailsOf(eventId).Count >= 2 && await QueueEmptyAsync(), TimeSpan.FromSeconds(60));

        Assert.Equal(2, app.MailsOf(eventId).Count);
        Assert.Single(app.MailsOf(eventId), m => MailerApp.CustomArg(m, Functions.Notifications.EmailCustomArgs.ParticipantId) == visitor.Id);
    }

    [Fact]
    public async Task WorkerKilledWhileSending_IsRestarted_AndTheRedeliveredJobDoesNotSendAgain()
    {
        var (eventId, exhibitor, visitor) = await app.SetUpEventAsync(_client);
        await app.BookAsync(eventId, "m1", visitor.Id, exhibitor.Id, slot: 2);
        var before = app.SendGrid.RequestCount;
        app.SendGrid.StallNext(1, TimeSpan.FromSeconds(5));

        await app.Services.GetRequiredService<ScheduleEmailQueue>().EnqueueAsync(MailerApp.ScheduleJob(eventId, visitor), CancellationToken.None);
        await WaitUntilAsync(() => Task.FromResult(app.SendGrid.RequestCount > before), TimeSpan.FromSeconds(30));
        var killed = KillWorker();
        Assert.True(await app.Host.WaitForOutputAsync($"Worker {killed.Watchdog} exited", TimeSpan.FromSeconds(20)), app.Host.Output);
        await app.Host.WaitForHealthAsync(TimeSpan.FromSeconds(60));

        // The job comes back to a new worker; its outbox row is "sending", so it stops without a second request.
        await WaitUntilAsync(QueueEmptyAsync, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(before + 1, app.SendGrid.RequestCount);
        Assert.True(app.MailsOf(eventId).Count <= 1);
        var rows = await app.OutboxRowsAsync(eventId);
        Assert.Equal(OutboxStatus.Sending, Assert.Single(rows).GetString(ScheduleEmailRows.Status));
    }

    private async Task<bool> QueueEmptyAsync()
    {
        var queue = StorageClients.Queues(app.ConnectionString).GetQueueClient(app.QueueName);
        return !await queue.ExistsAsync() || (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;
    }

    /// <summary>SIGKILLs the worker process (the dotnet child of the host's watchdog): a crash, not a shutdown.</summary>
    private (int Watchdog, int Worker) KillWorker()
    {
        var watchdog = int.Parse(WorkerStarted().Matches(app.Host.Output)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var worker = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Single(pid => pid > 0 && ParentOf(pid) == watchdog && CommandLine(pid).StartsWith("dotnet", StringComparison.Ordinal));
        using var process = Process.GetProcessById(worker);
        process.Kill();
        return (watchdog, worker);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return Path.GetFileName(File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0]);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, "timed out");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"Worker process started \(pid (\d+)\)")]
    private static partial Regex WorkerStarted();
}
