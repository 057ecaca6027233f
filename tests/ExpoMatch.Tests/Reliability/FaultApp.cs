using ExpoMatch.LocalHost.Azurite;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Reliability;

/// <summary>
/// The app on an Azurite of its own (so pausing it cannot disturb other test classes), with the matcher on and the
/// pending-work dispatcher every second for rows older than one second. The reconciliation stays off here, so what
/// these tests prove is owed to pending work alone (ReconcileMeetingRequestsTests covers the reconciliation).
/// </summary>
public sealed class FaultApp : RegistrationApp
{
    private static readonly Lazy<Task<LocalAzurite>> Storage = new(async () =>
    {
        var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            ExpoMatch.Benchmarks.Reliability.ProcessPause.Resume(azurite.EmulatorProcessId);
            azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        };
        return azurite;
    });

    public Task<LocalAzurite> AzuriteAsync() => Storage.Value;

    protected override async Task<string> StorageConnectionStringAsync() => (await Storage.Value).ConnectionString;

    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["AzureWebJobs.MatchRequestedMeetings.Disabled"] = "false",
        ["AzureWebJobs.DeliverPendingWork.Disabled"] = "false",
        ["ExpoMatch__Schedules__DeliverPendingWork"] = "* * * * * *",
        ["ExpoMatch__PendingWork__DeliverAfter"] = "00:00:01",
    };
}
