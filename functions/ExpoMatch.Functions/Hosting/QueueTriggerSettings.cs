namespace ExpoMatch.Functions.Hosting;

/// <summary>What host.json tells the Functions host about queue triggers, for code that must agree with it.</summary>
public static class QueueTriggerSettings
{
    /// <summary>host.json extensions.queues.maxDequeueCount: the delivery after which a failing message is poisoned.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>The connection-setting prefix the queue triggers read (AzureWebJobsStorage or AzureWebJobsStorage__*).</summary>
    public const string Connection = "AzureWebJobsStorage";

    /// <summary>Appended to a queue's name for its poison queue (the Functions convention).</summary>
    public const string PoisonSuffix = "-poison";
}
