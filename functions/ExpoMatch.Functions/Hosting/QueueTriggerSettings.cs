namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Queue trigger settings shared by host.json (Azure) and the standalone listener, so both hosts behave alike.
/// Values are the Functions defaults (functions-hosting.md) except maxPollingInterval, which the standalone host
/// shortens to 2 s for local runs as Core Tools does.
/// </summary>
public static class QueueTriggerSettings
{
    public const int BatchSize = 16;
    public const int NewBatchThreshold = BatchSize / 2;
    public const int MaxDequeueCount = 5;
    public static readonly TimeSpan MaxPollingInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LocalMaxPollingInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.Zero;

    /// <summary>The connection-setting prefix both hosts read (AzureWebJobsStorage or AzureWebJobsStorage__*).</summary>
    public const string Connection = "AzureWebJobsStorage";
}
