using ExpoMatch.Functions.Hosting;
using NCrontab;

namespace ExpoMatch.Tests.Hosting.Triggers;

/// <summary>The pure rules of the trigger host: polling back-off and the schedule monitor's past-due check.</summary>
public sealed class TriggerRulesTests
{
    private static readonly CrontabSchedule Hourly = CrontabSchedule.Parse("0 0 * * * *", new() { IncludingSeconds = true });
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 17, 30, 15, TimeSpan.Zero);

    [Fact]
    public void Backoff_GrowsExponentiallyWithJitter_UpToTheMaximum_AndResetsWhenMessagesAreFound()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), () => 0.5);

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next(foundMessages: false).TotalMilliseconds).ToList();

        // min + min * 2^(n-1) * factor (factor 1.0 with random 0.5), capped at 2 s.
        Assert.Equal(new double[] { 200, 300, 500, 900, 1700, 2000 }, delays);
        Assert.Equal(100, backoff.Next(foundMessages: true).TotalMilliseconds);
        Assert.Equal(200, backoff.Next(foundMessages: false).TotalMilliseconds);
    }

    [Fact]
    public void Backoff_JitterStaysWithinTwentyPercent()
    {
        var low = new PollingBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), () => 0.0);
        var high = new PollingBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), () => 0.999999);

        Assert.Equal(180, low.Next(false).TotalMilliseconds, 3);
        Assert.Equal(220, high.Next(false).TotalMilliseconds, 3);
    }

    [Fact]
    public void PastDue_WithoutARow_RecordsTheNextOccurrenceAndDoesNotFire()
    {
        var check = TimerScheduleMonitor.CheckPastDue(Hourly, null, Now);

        Assert.Equal(TimeSpan.Zero, check.PastDue);
        Assert.Equal(new TimerScheduleRow(null, new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero), Now), check.Rewrite);
    }

    [Fact]
    public void PastDue_WhenTheRecordedNextHasPassed_IsTheTimeSinceIt()
    {
        var row = new TimerScheduleRow(At(15), At(16), At(15));

        var check = TimerScheduleMonitor.CheckPastDue(Hourly, row, Now);

        Assert.Equal(Now - At(16), check.PastDue);
        Assert.Null(check.Rewrite);
    }

    [Fact]
    public void PastDue_WhenTheRecordedNextIsAhead_IsZero()
    {
        var row = new TimerScheduleRow(At(17), At(18), At(17));

        Assert.Equal(TimeSpan.Zero, TimerScheduleMonitor.CheckPastDue(Hourly, row, Now).PastDue);
    }

    [Fact]
    public void PastDue_WhenTheScheduleChanged_RecomputesNextFromNowWithoutFiring()
    {
        // Stored under an every-15-minutes schedule; now hourly: Next(Last) = 16:00 differs from the stored 15:15.
        var row = new TimerScheduleRow(At(15), At(15).AddMinutes(15), At(15));

        var check = TimerScheduleMonitor.CheckPastDue(Hourly, row, Now);

        Assert.Equal(TimeSpan.Zero, check.PastDue);
        Assert.Equal(new TimerScheduleRow(null, At(18), Now), check.Rewrite);
    }

    [Fact]
    public void PastDue_ForARowThatNeverRan_UsesLastUpdated()
    {
        var row = new TimerScheduleRow(null, At(16), At(15).AddMinutes(20));

        Assert.Equal(Now - At(16), TimerScheduleMonitor.CheckPastDue(Hourly, row, Now).PastDue);
    }

    [Fact]
    public void Options_Defaults_AreTheFunctionsHostDefaults_AndValid()
    {
        var options = new StandaloneTriggerOptions();

        Assert.Equal((16, 5, TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10)),
            (options.BatchSize, options.MaxDequeueCount, options.VisibilityTimeout, options.MaxPollingInterval, options.MessageLease));
        Assert.Equal(8 * Environment.ProcessorCount, options.EffectiveNewBatchThreshold);
        Assert.True(new StandaloneTriggerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Options_OutOfRange_FailValidationNamingTheSetting()
    {
        var options = new StandaloneTriggerOptions
        {
            BatchSize = 33,
            MessageLease = TimeSpan.FromMilliseconds(1500),
            VisibilityTimeout = TimeSpan.FromMilliseconds(10),
        };

        var result = new StandaloneTriggerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("ExpoMatch:Triggers:BatchSize = 33", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("ExpoMatch:Triggers:MessageLease", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("ExpoMatch:Triggers:VisibilityTimeout", StringComparison.Ordinal));
    }

    private static DateTimeOffset At(int hour) => new(2026, 11, 21, hour, 0, 0, TimeSpan.Zero);
}
