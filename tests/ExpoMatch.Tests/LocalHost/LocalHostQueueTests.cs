using System.Net;
using Azure.Storage.Queues;

namespace ExpoMatch.Tests.LocalHost;

/// <summary>
/// Queue triggers through the host: one host + worker for the class (its tests run one after another) with a 3 s
/// visibility window (the real host's is 10 min) so renewal shows within seconds and a 3 s restart delay; host.json
/// of the test app keeps maxDequeueCount 5 and release after 0 s.
/// </summary>
public sealed class LocalHostQueueTests(LocalHostQueueTests.Host host) : IClassFixture<LocalHostQueueTests.Host>
{
    [Fact]
    public async Task Message_ThatSucceeds_IsDeliveredOnce_AsBase64Text_AndDeleted()
    {
        var id = Guid.NewGuid().ToString("N");
        await host.SendAsync("ok:" + id);

        var records = await host.Records.CollectAsync(r => r.Any(x => x.StartsWith(id, StringComparison.Ordinal)), TimeSpan.FromSeconds(20));
        records = await host.Records.SettleAsync(TimeSpan.FromSeconds(2));

        Assert.Equal([$"{id}|1"], Deliveries(records, id));
    }

    [Fact]
    public async Task Message_ThatAlwaysFails_IsDeliveredFiveTimes_ThenMovedToThePoisonQueue()
    {
        var id = Guid.NewGuid().ToString("N");
        await host.SendAsync("fail:" + id);

        var records = await host.Records.CollectAsync(r => Deliveries(r, id).Count >= 5, TimeSpan.FromSeconds(40));
        var poison = new QueueClient(host.Settings.ConnectionString, host.Settings.WorkQueue + "-poison");
        var poisoned = await WaitForPoisonAsync(poison, "fail:" + id);
        records = await host.Records.SettleAsync(TimeSpan.FromSeconds(2));

        Assert.Equal([$"{id}|1", $"{id}|2", $"{id}|3", $"{id}|4", $"{id}|5"], Deliveries(records, id));
        Assert.True(poisoned, "the message did not reach the poison queue:\n" + host.Process.Output);
    }

    [Fact]
    public async Task Message_WhoseFunctionOutlastsTheVisibilityWindow_IsRenewed_AndNotDeliveredTwice()
    {
        var id = Guid.NewGuid().ToString("N");
        await host.SendAsync($"slow:{id}:7000"); // more than twice the 3 s window

        await host.Records.CollectAsync(r => Deliveries(r, id).Count >= 1, TimeSpan.FromSeconds(20));
        var records = await host.Records.SettleAsync(TimeSpan.FromSeconds(9));

        Assert.Equal([$"{id}|1"], Deliveries(records, id));
        var work = new QueueClient(host.Settings.ConnectionString, host.Settings.WorkQueue);
        Assert.Empty((await work.PeekMessagesAsync(32)).Value); // deleted once it succeeded
    }

    [Fact]
    public async Task WorkerCrashingMidInvocation_IsRestarted_Http503Meanwhile_AndTheMessageIsRedelivered()
    {
        var id = Guid.NewGuid().ToString("N");
        await host.SendAsync("crash:" + id); // Environment.FailFast on the first delivery
        await host.Records.CollectAsync(r => Deliveries(r, id).Count >= 1, TimeSpan.FromSeconds(30));

        // While no worker runs (the restart waits 3 s), HTTP answers 503 rather than hanging or failing oddly.
        var unavailable = await PollUntilStatusAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
        var seen = await host.Records.CollectAsync(r => Deliveries(r, id).Count >= 2, TimeSpan.FromSeconds(60));

        var deliveries = seen.Where(r => r.StartsWith(id + "|", StringComparison.Ordinal)).Select(r => r.Split('|')).ToList();
        Assert.True(deliveries.Count == 2, "expected two deliveries:\n" + host.Process.Output);
        Assert.Equal(["1", "2"], deliveries.Select(d => d[1]));
        Assert.NotEqual(deliveries[0][2], deliveries[1][2]); // a new worker process took the redelivery
        Assert.Contains("restarting it", host.Process.Output, StringComparison.Ordinal);
        Assert.True(unavailable, "no 503 while the worker was down:\n" + host.Process.Output);
        await host.Process.WaitForHealthAsync(TimeSpan.FromSeconds(30)); // and HTTP reaches the new worker
    }

    private async Task<bool> PollUntilStatusAsync(HttpStatusCode status, TimeSpan timeout)
    {
        using var client = host.Process.CreateClient();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));
            if (response.StatusCode == status)
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }

    internal static List<string> Deliveries(IReadOnlyList<string> records, string id) =>
        records.Where(r => r.StartsWith(id + "|", StringComparison.Ordinal)).Select(r => string.Join('|', r.Split('|')[..2])).ToList();

    private static async Task<bool> WaitForPoisonAsync(QueueClient poison, string text)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await poison.ExistsAsync())
            {
                // The poison copy keeps the original (Base64) body, as the real host's does.
                var peeked = (await poison.PeekMessagesAsync(32)).Value;
                if (peeked.Any(m => Convert.FromBase64String(m.Body.ToString()) is var bytes && System.Text.Encoding.UTF8.GetString(bytes) == text))
                {
                    return true;
                }
            }

            await Task.Delay(200);
        }

        return false;
    }

    public sealed class Host : IAsyncLifetime
    {
        public LocalHostProcess Process { get; private set; } = null!;

        public TestAppSettings Settings { get; private set; } = null!;

        public RecordQueue Records { get; private set; } = null!;

        public async Task SendAsync(string text)
        {
            var work = new QueueClient(Settings.ConnectionString, Settings.WorkQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            await work.CreateIfNotExistsAsync();
            await work.SendMessageAsync(text);
        }

        public async Task InitializeAsync()
        {
            Settings = await TestAppSettings.CreateAsync();
            Records = Settings.Records();
            Process = await LocalHostProcess.StartAsync(
                Settings.ToEnvironment(), "--LocalHost:QueueVisibilityWindow", "00:00:03", "--LocalHost:WorkerRestartDelay", "00:00:03");
        }

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}
