using Azure.Data.Tables;
using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Registration;

public sealed class IdempotencyPurgeTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task Purge_DeletesRowsPastRetention_KeepsNewerOnes_AndIsRepeatable()
    {
        var table = app.Table(RegistrationTables.Idempotency);
        await table.CreateIfNotExistsAsync();
        var now = DateTimeOffset.UtcNow;
        var busy = "purge-" + Guid.NewGuid().ToString("N");  // more expired rows than one transaction holds
        var small = "purge-" + Guid.NewGuid().ToString("N");
        await AddRowsAsync(table, busy, "old", 130, createdAt: now - IdempotencyStore.Retention - TimeSpan.FromMinutes(5));
        await AddRowsAsync(table, busy, "new", 3, createdAt: now - IdempotencyStore.Retention + TimeSpan.FromMinutes(5));
        await AddRowsAsync(table, small, "old", 1, createdAt: now - TimeSpan.FromDays(3));
        var purge = ActivatorUtilities.CreateInstance<PurgeExpiredIdempotencyKeys>(app.Services);

        Assert.True(await purge.PurgeAsync(now, CancellationToken.None) >= 131);
        await purge.PurgeAsync(now, CancellationToken.None); // a second run finds nothing of ours and does not fail

        Assert.Equal(["new-0", "new-1", "new-2"], await RowKeysAsync(table, busy));
        Assert.Empty(await RowKeysAsync(table, small));
    }

    [Fact]
    public void FunctionTable_HasTheTimer_OnADailySampleSchedule()
    {
        var (_, timer) = Assert.Single(FunctionTable.Timers, t => t.Function.Name == nameof(PurgeExpiredIdempotencyKeys));
        Assert.Equal("%ExpoMatch:Schedules:PurgeExpiredIdempotencyKeys%", timer.Schedule);
        Assert.Equal("0 30 3 * * *", AppSettingsManifest.SampleValueOf(PurgeExpiredIdempotencyKeys.ScheduleSetting));
    }

    /// <summary>Rows as <see cref="IdempotencyStore"/> writes them: ExpiresAt = CreatedAt + Retention.</summary>
    private static async Task AddRowsAsync(TableClient table, string partition, string prefix, int count, DateTimeOffset createdAt)
    {
        var rows = Enumerable.Range(0, count).Select(i => new TableEntity(partition, $"{prefix}-{i}")
        {
            ["RequestHash"] = "h",
            ["State"] = "done",
            ["CreatedAt"] = createdAt,
            ["ExpiresAt"] = createdAt + IdempotencyStore.Retention,
            ["Body0"] = new byte[1024],
        });
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }
    }

    private static async Task<List<string>> RowKeysAsync(TableClient table, string partition)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}
