using System.Net;
using Azure.Storage.Queues;

namespace ExpoMatch.Tests.LocalHost;

/// <summary>A worker that dies mid-invocation (Environment.FailFast) is restarted, and the message it held is delivered again.</summary>
public sealed class LocalHostWorkerRestartTests
{
    [Fact]
    public async Task WorkerCrashingMidInvocation_IsRestarted_AndTheMessageIsRedelivered()
    {
        var settings = await TestAppSettings.CreateAsync();
        var records = settings.Records();
        await using var host = await LocalHostProcess.StartAsync(settings.ToEnvironment(), "--LocalHost:WorkerRestartDelay", "00:00:00.200");
        var work = new QueueClient(settings.ConnectionString, settings.WorkQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await work.CreateIfNotExistsAsync();
        var id = Guid.NewGuid().ToString("N");

        await work.SendMessageAsync("crash:" + id);
        var seen = await records.CollectAsync(r => LocalHostQueueTests.Deliveries(r, id).Count >= 2, TimeSpan.FromSeconds(60));

        var deliveries = seen.Where(r => r.StartsWith(id + "|", StringComparison.Ordinal)).Select(r => r.Split('|')).ToList();
        Assert.True(deliveries.Count == 2, "expected two deliveries:\n" + host.Output);
        Assert.Equal(["1", "2"], deliveries.Select(d => d[1]));
        Assert.NotEqual(deliveries[0][2], deliveries[1][2]); // a new worker process took the redelivery
        Assert.Contains("restarting it", host.Output, StringComparison.Ordinal);

        // And HTTP goes to the new worker.
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
