using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExpoMatch.Tests.Hosting.Triggers;

/// <summary>
/// One app instance in standalone mode on the shared Azurite with a test registry, short polling intervals and a
/// per-test timer table. Several instances built with the same sink and table act as a scaled-out app.
/// </summary>
public sealed class TriggerAppFactory(
    FunctionRegistry registry,
    TriggerSink sink,
    IReadOnlyDictionary<string, string?>? settings = null,
    TimeSpan? shutdownTimeout = null) : ExpoMatchAppFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("ExpoMatch:Triggers:MinPollingInterval", "00:00:00.050"),
        new("ExpoMatch:Triggers:MaxPollingInterval", "00:00:00.300"),
        .. settings ?? new Dictionary<string, string?>(),
    ];

    /// <summary>Starts the app (its hosted services: listeners and timers).</summary>
    public TriggerAppFactory Start()
    {
        _ = Services;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(registry);
            services.AddSingleton(sink);
            services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(10));
        });
    }
}

internal static class TriggerTestStorage
{
    public static async Task<QueueServiceClient> QueuesAsync(QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var options = new QueueClientOptions { MessageEncoding = encoding };
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        return new QueueServiceClient(await SharedAzurite.GetConnectionStringAsync(), options);
    }

    public static async Task<TableServiceClient> TablesAsync() => await SharedAzurite.GetTablesAsync();

    /// <summary>The queue and its poison queue, emptied (queue names are fixed per test function).</summary>
    public static async Task<(QueueClient Queue, QueueClient Poison)> FreshQueuesAsync(string queueName)
    {
        var queues = await QueuesAsync();
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(queueName + "-poison");
        foreach (var q in new[] { queue, poison })
        {
            await q.CreateIfNotExistsAsync();
            await q.ClearMessagesAsync();
        }

        return (queue, poison);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> otherwise.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {timeout} waiting for: {what}");
            await Task.Delay(50);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        EventuallyAsync(() => Task.FromResult(condition()), timeout, what);
}
