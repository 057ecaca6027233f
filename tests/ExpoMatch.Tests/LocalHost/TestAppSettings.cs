using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.LocalHost;

/// <summary>App settings for one test app host on the shared Azurite: its own queues and host id, triggers not under test switched off.</summary>
public sealed record TestAppSettings(string ConnectionString, string WorkQueue, string RecordQueue, string HostId)
{
    public static async Task<TestAppSettings> CreateAsync() =>
        new(await SharedAzurite.GetConnectionStringAsync(), UniqueNames.Queue("work"), UniqueNames.Queue("rec"), UniqueNames.Queue("host"));

    public Dictionary<string, string> ToEnvironment(string? tickSchedule = null, bool work = true) => new()
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["WorkQueue"] = WorkQueue,
        ["RecordQueue"] = RecordQueue,
        ["AzureFunctionsWebHost__hostid"] = HostId,
        ["TickSchedule"] = tickSchedule ?? "0 0 0 1 1 *",
        ["AzureWebJobs.Tick.Disabled"] = tickSchedule is null ? "true" : "false",
        ["AzureWebJobs.Work.Disabled"] = work ? "false" : "true",
    };

    public RecordQueue Records() => new(ConnectionString, RecordQueue);
}
