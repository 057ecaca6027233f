using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Tests.StorageBehaviour;

/// <summary>
/// What ADR-001's invariants rest on, proven on Azurite through Azure.Data.Tables as our code uses it: create-only
/// rows, ETag concurrency, entity group transactions reporting the failing action, continuation, escaped filters and
/// Unicode in every script.
/// </summary>
public sealed class TableInvariantTests : StorageTestBase
{
    public static readonly TheoryData<string> UnicodeTexts = new()
    {
        "Đô thị thông minh",
        "เมืองอัจฉริยะ",
        "智慧城市",
        "Умный город",
    };

    [Fact]
    public async Task ConcurrentAdds_OfSameKeys_ExactlyOneSucceeds_OthersGetEntityAlreadyExists()
    {
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Table.AddEntityAsync(new TableEntity("slot", "s1") { ["By"] = i });
                return "won";
            }
            catch (RequestFailedException e) when (e.Status == StorageStatus.Conflict)
            {
                return e.ErrorCode;
            }
        });

        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o == "won");
        Assert.All(outcomes.Where(o => o != "won"), code => Assert.Equal("EntityAlreadyExists", code));
    }

    [Fact]
    public async Task ConcurrentWriters_WithSameETag_ExactlyOneWins()
    {
        var etag = (await Table.AddEntityAsync(new TableEntity("race", "row") { ["Owner"] = "nobody" })).Headers.ETag!.Value;

        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Table.UpdateEntityAsync(new TableEntity("race", "row") { ["Owner"] = $"writer{i}" }, etag, TableUpdateMode.Replace);
                return $"writer{i}";
            }
            catch (RequestFailedException e) when (e.Status == StorageStatus.PreconditionFailed)
            {
                return null;
            }
        });
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, (await Table.GetEntityOrNullAsync("race", "row"))?.GetString("Owner"));
    }

    [Fact]
    public async Task Update_WhenEntityMissing_IsNotFound_AndDeleteOfAMissingEntityIsQuiet()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => Table.UpdateEntityAsync(new TableEntity("p", "missing"), ETag.All));
        var delete = await Table.DeleteEntityAsync("p", "missing");

        Assert.Equal(StorageStatus.NotFound, error.Status);
        Assert.Equal(404, delete.Status); // What PurgeExpiredIdempotencyKeys counts on: no exception, no 204.
    }

    [Fact]
    public async Task Transaction_WithOneTakenRow_AppliesNone_AndReportsItsIndex()
    {
        await Table.AddEntityAsync(new TableEntity("tx", "taken"));

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("tx", "a")),
            new(TableTransactionActionType.Add, new TableEntity("tx", "b")),
            new(TableTransactionActionType.Add, new TableEntity("tx", "taken")),
            new(TableTransactionActionType.Add, new TableEntity("tx", "c")),
        ]));

        Assert.Equal(StorageStatus.Conflict, error.Status);
        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        var rows = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"tx"}")).Select(e => e.RowKey).ToListAsync();
        Assert.Equal(["taken"], rows);
    }

    [Fact]
    public async Task Transaction_WithStaleETag_OrMissingRow_ReportsStatusAtIndex()
    {
        var stale = (await Table.AddEntityAsync(new TableEntity("tx", "v"))).Headers.ETag!.Value;
        await Table.UpsertEntityAsync(new TableEntity("tx", "v") { ["X"] = 1 });

        var staleError = await Assert.ThrowsAsync<TableTransactionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("tx", "new")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("tx", "v") { ["X"] = 2 }, stale),
        ]));
        var missingError = await Assert.ThrowsAsync<TableTransactionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertMerge, new TableEntity("tx", "v") { ["X"] = 3 }),
            new(TableTransactionActionType.Delete, new TableEntity("tx", "gone"), ETag.All),
        ]));

        Assert.Equal((StorageStatus.PreconditionFailed, 1), (staleError.Status, staleError.FailedTransactionActionIndex));
        Assert.Equal((StorageStatus.NotFound, 1), (missingError.Status, missingError.FailedTransactionActionIndex));
        Assert.Null(await Table.GetEntityOrNullAsync("tx", "new"));
        Assert.Equal(1, (await Table.GetEntityOrNullAsync("tx", "v"))?.GetInt32("X"));
    }

    [Fact]
    public async Task Query_AcrossMoreThanOneThousandEntities_FollowsContinuationTokens()
    {
        const int count = 1_250;
        for (var start = 0; start < count; start += 100)
        {
            var batches = Enumerable.Range(start, Math.Min(100, count - start))
                .GroupBy(i => $"bulk{i / 500}")
                .Select(g => Table.SubmitTransactionAsync(g.Select(i =>
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(g.Key, i.ToString("D5")) { ["I"] = i }))));
            await Task.WhenAll(batches);
        }

        var all = await Table.QueryAsync<TableEntity>().ToListAsync();
        var pages = 0;
        var selected = new List<int>();
        await foreach (var page in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"I ge {0}"), maxPerPage: 300, select: ["I"]).AsPages())
        {
            pages++;
            selected.AddRange(page.Values.Select(e => e.GetInt32("I")!.Value));
        }

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Select(e => (e.PartitionKey, e.RowKey)).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, count), selected.Order());
        Assert.True(pages >= 5, $"{pages} pages");
    }

    [Fact]
    public async Task Query_BuiltWithoutEscaping_IsWidenedByQuotes()
    {
        await Table.AddEntityAsync(new TableEntity("tenant-a", "1") { ["Secret"] = "a" });
        await Table.AddEntityAsync(new TableEntity("tenant-b", "1") { ["Secret"] = "b" });
        var hostile = "tenant-x' or PartitionKey ne 'tenant-x";

        var naive = await Table.QueryAsync<TableEntity>($"PartitionKey eq '{hostile}'").ToListAsync();

        Assert.Equal(2, naive.Count); // The hole the next test proves closed is real.
    }

    [Theory]
    [InlineData("tenant-x' or PartitionKey ne 'tenant-x")]
    [InlineData("' or true or ''='")]
    public async Task Query_FilterValueWithQuotes_CannotWidenTheQuery(string hostile)
    {
        await Table.AddEntityAsync(new TableEntity("tenant-a", "1") { ["Secret"] = "a" });
        await Table.AddEntityAsync(new TableEntity("tenant-b", "1") { ["Secret"] = "b" });

        var escaped = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {hostile}")).ToListAsync();
        var prefix = await Table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(hostile, hostile)).ToListAsync();
        var equal = await Table.QueryAsync<TableEntity>(TableQueries.Equal("Secret", hostile)).ToListAsync();

        Assert.Empty(escaped); // Escaping keeps the value one string literal, in every helper we build filters with.
        Assert.Empty(prefix);
        Assert.Empty(equal);
    }

    [Fact]
    public async Task RowKeyStartsWith_ReturnsOnlyThePrefixRange_InOnePartition()
    {
        foreach (var rowKey in new[] { "ab", "abc", "abd", "ac", "b" })
        {
            await Table.AddEntityAsync(new TableEntity("p", rowKey));
        }

        await Table.AddEntityAsync(new TableEntity("q", "abc"));

        var rows = await Table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith("p", "ab")).Select(e => e.RowKey).ToListAsync();

        Assert.Equal(["ab", "abc", "abd"], rows);
    }

    [Theory]
    [MemberData(nameof(UnicodeTexts))]
    public async Task UnicodeValuesAndKeys_RoundTrip_ThroughPointReadsAndFilters(string text)
    {
        await Table.AddEntityAsync(new TableEntity(text, text + " 'quoted' %2F") { ["Name"] = text });

        var read = await Table.GetEntityOrNullAsync(text, text + " 'quoted' %2F");
        var byKey = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {text}")).ToListAsync();
        var byValue = await Table.QueryAsync<TableEntity>(TableQueries.Equal("Name", text)).ToListAsync();

        Assert.Equal(text, read?.GetString("Name"));
        Assert.Equal(text, Assert.Single(byKey).GetString("Name"));
        Assert.Equal(text + " 'quoted' %2F", Assert.Single(byValue).RowKey);
    }
}
