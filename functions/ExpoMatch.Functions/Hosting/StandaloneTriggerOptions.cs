using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Tuning of the standalone trigger host (section "ExpoMatch:Triggers"). Defaults are the Functions host's
/// (<see cref="QueueTriggerSettings"/>); in Azure host.json governs and none of this is read. Tests shorten the
/// intervals so the suite runs in seconds.
/// </summary>
public sealed class StandaloneTriggerOptions
{
    public const string Section = "ExpoMatch:Triggers";

    /// <summary>Messages received per poll (1-32).</summary>
    public int BatchSize { get; set; } = QueueTriggerSettings.BatchSize;

    /// <summary>Fetch again when in-flight messages drop to this; null: BatchSize / 2 per core, as the host does.</summary>
    public int? NewBatchThreshold { get; set; }

    /// <summary>Failed attempts before a message moves to {queue}-poison.</summary>
    public int MaxDequeueCount { get; set; } = QueueTriggerSettings.MaxDequeueCount;

    /// <summary>How long a failed message stays invisible before its retry (whole seconds).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = QueueTriggerSettings.VisibilityTimeout;

    /// <summary>The first (and reset) polling delay; the host's QueuePollingIntervals.Minimum.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between polls of an empty queue (2 s locally, as Core Tools runs it).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = QueueTriggerSettings.LocalMaxPollingInterval;

    /// <summary>How long a received message is hidden while its handler runs; renewed at half-time (whole seconds, at least 2 s).</summary>
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The table holding one Last/Next row per timer function: the schedule monitor and the tick claim.</summary>
    public string TimerTableName { get; set; } = TimerScheduleMonitor.DefaultTableName;

    /// <summary>Partition of the timer rows: apps sharing one storage account must differ here.</summary>
    public string TimerPartition { get; set; } = "expomatch";

    /// <summary>The threshold in effect.</summary>
    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? BatchSize / 2 * Environment.ProcessorCount;
}

internal sealed class StandaloneTriggerOptionsValidator : IValidateOptions<StandaloneTriggerOptions>
{
    private const string Prefix = StandaloneTriggerOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, StandaloneTriggerOptions options)
    {
        var failures = new List<string>();
        if (options.BatchSize is < 1 or > 32)
        {
            failures.Add($"{Prefix}BatchSize = {options.BatchSize} must be between 1 and 32.");
        }

        if (options.NewBatchThreshold is < 0)
        {
            failures.Add($"{Prefix}NewBatchThreshold = {options.NewBatchThreshold} must not be negative.");
        }

        if (options.MaxDequeueCount < 1)
        {
            failures.Add($"{Prefix}MaxDequeueCount = {options.MaxDequeueCount} must be at least 1.");
        }

        if (!IsWholeSeconds(options.VisibilityTimeout) || options.VisibilityTimeout > TimeSpan.FromDays(7))
        {
            failures.Add($"{Prefix}VisibilityTimeout = {options.VisibilityTimeout} must be whole seconds between 0 and 7 days.");
        }

        if (options.MinPollingInterval <= TimeSpan.Zero || options.MaxPollingInterval < options.MinPollingInterval)
        {
            failures.Add($"{Prefix}MinPollingInterval and MaxPollingInterval must be positive, the minimum not above the maximum.");
        }

        if (!IsWholeSeconds(options.MessageLease) || options.MessageLease < TimeSpan.FromSeconds(2) || options.MessageLease > TimeSpan.FromDays(7))
        {
            failures.Add($"{Prefix}MessageLease = {options.MessageLease} must be whole seconds between 2 s and 7 days.");
        }

        if (string.IsNullOrWhiteSpace(options.TimerTableName) || string.IsNullOrWhiteSpace(options.TimerPartition))
        {
            failures.Add($"{Prefix}TimerTableName and TimerPartition must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsWholeSeconds(TimeSpan value) => value >= TimeSpan.Zero && value.Ticks % TimeSpan.TicksPerSecond == 0;
}
