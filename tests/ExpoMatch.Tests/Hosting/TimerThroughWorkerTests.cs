using System.Text.RegularExpressions;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.LocalHost;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// A timer of the app runs once per occurrence across two local hosts with the same host id (two instances of one
/// Function App): the blob lease gives the timer to one host only.
/// </summary>
public sealed partial class TimerThroughWorkerTests
{
    [Fact]
    public async Task TwoHosts_OneTimerEveryTwoSeconds_OnlyOneHostRunsIt()
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            ["ExpoMatch__OrganiserKey"] = FunctionAppFixture.OrganiserKey,
            ["AzureFunctionsWebHost__hostid"] = UniqueNames.Queue("timer-host"),
            ["ExpoMatch__Schedules__PurgeExpiredIdempotencyKeys"] = "*/2 * * * * *",
            ["ExpoMatch__MatchingWorkQueue"] = UniqueNames.Queue("work"),
            ["ExpoMatch__MatchingRunsQueue"] = UniqueNames.Queue("runs"),
            ["ExpoMatch__ScheduleEmailsQueue"] = UniqueNames.Queue("mail"),
            ["AzureWebJobs.SendScheduleEmails.Disabled"] = "true",
        };
        // Started before the first host: it may run the timer while the second is still starting (seconds, under load).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var first = await LocalHostProcess.StartAsync(LocalHostProcess.FunctionAppDirectory, settings);
        await using var second = await LocalHostProcess.StartAsync(LocalHostProcess.FunctionAppDirectory, settings);

        await Task.Delay(TimeSpan.FromSeconds(9));

        var runs = new[] { Runs(first), Runs(second) };
        Assert.True(runs.Min() == 0, $"both hosts ran the timer: {runs[0]} and {runs[1]}\n{first.Output}\n{second.Output}");
        Assert.InRange(runs.Max(), 2, (int)(watch.Elapsed.TotalSeconds / 2) + 4); // once per occurrence since the first host started
    }

    private static int Runs(LocalHostProcess host) => Executed().Count(host.Output);

    [GeneratedRegex(@"Executed 'Functions\.PurgeExpiredIdempotencyKeys' \(Succeeded")]
    private static partial Regex Executed();
}
