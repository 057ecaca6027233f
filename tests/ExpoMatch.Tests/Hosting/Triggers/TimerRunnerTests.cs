using Azure.Data.Tables;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Tests.Infrastructure;
using static ExpoMatch.Tests.Hosting.Triggers.TriggerTestStorage;

namespace ExpoMatch.Tests.Hosting.Triggers;

public sealed class TimerRunnerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task TwoInstances_OnOneStorage_NeverRunTheSameTickTwice()
    {
        var sink = new TriggerSink();
        var settings = TimerTable(out _);
        var registry = new FunctionRegistry().Timer<EverySecondTimer>();

        await using (var first = new TriggerAppFactory(registry, sink, settings))
        await using (var second = new TriggerAppFactory(registry, sink, settings))
        {
            // Started together, so both race for every tick (and for the initial row).
            await Task.WhenAll(Task.Run(() => first.Start()), Task.Run(() => second.Start()));
            await Task.Delay(TimeSpan.FromSeconds(4.5));
        }

        var ticks = sink.Ticks.Select(t => t.ScheduleStatus!.Next).ToList();
        Assert.True(ticks.Count >= 3, $"only {ticks.Count} ticks ran in 4.5 s");
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
        Assert.All(ticks, t => Assert.Equal(0, t.Millisecond));
        Assert.All(sink.Ticks, t => Assert.False(t.IsPastDue));
    }

    [Fact]
    public async Task MissedSchedule_FiresOnceWithIsPastDue_OnStart_EvenWithTwoInstances()
    {
        var sink = new TriggerSink();
        var settings = TimerTable(out var tableName);
        var now = DateTimeOffset.UtcNow;
        var lastRun = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-2);
        var missed = lastRun.AddHours(1);
        var table = (await TablesAsync()).GetTableClient(tableName);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("expomatch", HourlyTimer.Name)
        {
            ["Last"] = lastRun,
            ["Next"] = missed,
            ["LastUpdated"] = lastRun,
        });
        var registry = new FunctionRegistry().Timer<HourlyTimer>();

        await using (var first = new TriggerAppFactory(registry, sink, settings))
        await using (var second = new TriggerAppFactory(registry, sink, settings))
        {
            await Task.WhenAll(Task.Run(() => first.Start()), Task.Run(() => second.Start()));
            await EventuallyAsync(() => !sink.Ticks.IsEmpty, Patience, "the past-due run");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var tick = Assert.Single(sink.Ticks);
        Assert.True(tick.IsPastDue);
        Assert.Equal(lastRun, tick.ScheduleStatus!.Last);
        Assert.Equal(missed, tick.ScheduleStatus.Next);
        var row = await table.GetEntityOrNullAsync("expomatch", HourlyTimer.Name);
        Assert.True(row!.GetDateTimeOffset("Next") > now, "the stored Next moved to the next occurrence");
        await table.DeleteAsync();
    }

    [Fact]
    public async Task FirstStart_RecordsTheNextOccurrence_WithoutFiring()
    {
        var sink = new TriggerSink();
        var settings = TimerTable(out var tableName);
        var started = DateTimeOffset.UtcNow;

        await using (new TriggerAppFactory(new FunctionRegistry().Timer<HourlyTimer>(), sink, settings).Start())
        {
            var table = (await TablesAsync()).GetTableClient(tableName);
            await EventuallyAsync(async () => await table.GetEntityOrNullAsync("expomatch", HourlyTimer.Name) is not null, Patience, "the status row");
            var row = (await table.GetEntityOrNullAsync("expomatch", HourlyTimer.Name))!;
            Assert.Null(row.GetDateTimeOffset("Last"));
            Assert.Equal(
                TimerScheduleMonitor.NextOccurrence(NCrontab.CrontabSchedule.Parse(HourlyTimer.DefaultSchedule, new() { IncludingSeconds = true }), started),
                row.GetDateTimeOffset("Next"));
        }

        Assert.Empty(sink.Ticks);
    }

    [Fact]
    public async Task FailedRun_IsNotRetried_AndTheScheduleGoesOn()
    {
        var sink = new TriggerSink();
        var settings = TimerTable(out _);

        await using (new TriggerAppFactory(new FunctionRegistry().Timer<FailingTimer>(), sink, settings).Start())
        {
            await EventuallyAsync(() => sink.Ticks.Count >= 2, Patience, "two ticks");
        }

        var ticks = sink.Ticks.Select(t => t.ScheduleStatus!.Next).ToList();
        Assert.Equal(ticks.Count, ticks.Distinct().Count());
    }

    private static Dictionary<string, string?> TimerTable(out string tableName)
    {
        tableName = UniqueNames.Table("timers");
        return new Dictionary<string, string?> { ["ExpoMatch:Triggers:TimerTableName"] = tableName };
    }
}
