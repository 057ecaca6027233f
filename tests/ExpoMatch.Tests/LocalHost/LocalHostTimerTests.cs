namespace ExpoMatch.Tests.LocalHost;

/// <summary>Timer triggers through the host: NCRONTAB from a %setting%, one runner per host id via a blob lease, past-due runs.</summary>
public sealed class LocalHostTimerTests
{
    private const string EveryTwoSeconds = "*/2 * * * * *";

    [Fact]
    public async Task TwoHosts_OnOneStorage_FireOnSchedule_RunningEachOccurrenceOnce()
    {
        var settings = await TestAppSettings.CreateAsync();
        var environment = settings.ToEnvironment(EveryTwoSeconds, work: false);
        var starting = new[] { LocalHostProcess.StartAsync(environment), LocalHostProcess.StartAsync(environment) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync(); // do not leave the other host running
            }

            throw;
        }

        await using var first = await starting[0];
        await using var second = await starting[1];

        var records = settings.Records();
        await records.CollectAsync(r => Ticks(r).Count >= 4, TimeSpan.FromSeconds(30));
        var ticks = Ticks(await records.SettleAsync(TimeSpan.FromSeconds(1)));

        Assert.True(ticks.Count >= 4, "expected four ticks:\n" + first.Output + "\n" + second.Output);
        Assert.All(ticks, t => Assert.Equal("False", t.IsPastDue));
        Assert.Equal(ticks.Count, ticks.Select(t => t.Next).Distinct().Count()); // no occurrence ran twice
        Assert.Single(ticks.Select(t => t.Pid).Distinct()); // one host holds the lease
    }

    internal static List<(string IsPastDue, string Last, string Next, string Pid)> Ticks(IReadOnlyList<string> records) =>
        records.Where(r => r.StartsWith("tick|", StringComparison.Ordinal))
            .Select(r => r.Split('|'))
            .Select(p => (p[1], p[2], p[3], p[4]))
            .ToList();
}
