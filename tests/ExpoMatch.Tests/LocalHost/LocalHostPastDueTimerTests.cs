using System.Globalization;
using Azure.Storage.Blobs;

namespace ExpoMatch.Tests.LocalHost;

/// <summary>A timer occurrence missed while no host ran fires once when a host starts, with IsPastDue (its own class so it runs beside the other timer test).</summary>
public sealed class LocalHostPastDueTimerTests
{
    [Fact]
    public async Task MissedOccurrence_FiresOnceAtStart_WithIsPastDue()
    {
        var settings = await TestAppSettings.CreateAsync();
        // The status a host left behind before it went down two minutes ago, with a run due a minute ago.
        var hosts = new BlobContainerClient(settings.ConnectionString, "azure-webjobs-hosts");
        await hosts.CreateIfNotExistsAsync();
        var now = DateTime.UtcNow;
        await hosts.GetBlobClient($"timers/{settings.HostId}/Host.Functions.Tick/status").UploadAsync(
            BinaryData.FromString(string.Create(CultureInfo.InvariantCulture, $$"""{"Last":"{{now.AddMinutes(-2):O}}","Next":"{{now.AddMinutes(-1):O}}","LastUpdated":"{{now.AddMinutes(-2):O}}"}""")),
            overwrite: true);

        await using var host = await LocalHostProcess.StartAsync(settings.ToEnvironment("0 0 0 1 1 *", work: false)); // next regular run: New Year
        var records = settings.Records();
        await records.CollectAsync(r => LocalHostTimerTests.Ticks(r).Count >= 1, TimeSpan.FromSeconds(20));
        var ticks = LocalHostTimerTests.Ticks(await records.SettleAsync(TimeSpan.FromSeconds(3)));

        var tick = Assert.Single(ticks);
        Assert.Equal("True", tick.IsPastDue);
    }
}
