using Azure;
using ExpoMatch.Storage;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Storage;

public sealed class TableClientTests : StorageTestBase
{
    public static readonly TheoryData<string> UnicodeTexts = new()
    {
        "Đô thị thông minh",
        "เมืองอัจฉริยะ",
        "智慧城市",
        "Умный город",
    };

    [Fact]
    public async Task CreateIfNotExists_WhenTableExists_ReturnsFalse_AndDeleteReportsAbsence()
    {
        var table = TableService.GetTableClient(UniqueNames.Table());
        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.False(await table.CreateIfNotExistsAsync());
        Assert.True(await table.DeleteAsync());
        Assert.False(await table.DeleteAsync());
    }

    [Fact]
    public async Task AddEntity_WhenKeysExist_ThrowsConflictWithServiceCode()
    {
        await Table.AddEntityAsync(new TableEntity("p", "r") { ["N"] = 1 });
        var error = await Assert.ThrowsAsync<StorageConflictException>(() => Table.AddEntityAsync(new TableEntity("p", "r")));
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task AddEntity_WhenTableMissing_ThrowsNotFound()
    {
        var missing = TableService.GetTableClient(UniqueNames.Table());
        var error = await Assert.ThrowsAsync<StorageNotFoundException>(() => missing.AddEntityAsync(new TableEntity("p", "r")));
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task AllPropertyTypes_RoundTripExactly()
    {
        var when = new DateTimeOffset(2026, 11, 21, 9, 30, 15, TimeSpan.FromHours(7)).AddTicks(1234567);
        var id = Guid.NewGuid();
        byte[] bytes = [0, 1, 2, 254, 255];
        var entity = new TableEntity("types", "all")
        {
            ["Text"] = "plain",
            ["Empty"] = string.Empty,
            ["Int"] = int.MinValue,
            ["Long"] = long.MaxValue,
            ["SmallLong"] = 5L,
            ["Double"] = 1.0,
            ["Fraction"] = 0.1,
            ["Big"] = 1e300,
            ["NaN"] = double.NaN,
            ["PosInf"] = double.PositiveInfinity,
            ["NegInf"] = double.NegativeInfinity,
            ["True"] = true,
            ["False"] = false,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = bytes,
        };
        var etag = await Table.AddEntityAsync(entity);

        var read = await Table.GetEntityIfExistsAsync("types", "all");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("plain", read["Text"]);
        Assert.Equal(string.Empty, read["Empty"]);
        Assert.Equal(int.MinValue, read["Int"]);
        Assert.Equal(long.MaxValue, read["Long"]);
        Assert.Equal(5L, read["SmallLong"]);
        Assert.Equal(1.0, Assert.IsType<double>(read["Double"]));
        Assert.Equal(0.1, read["Fraction"]);
        Assert.Equal(1e300, read["Big"]);
        Assert.True(double.IsNaN(read.GetDouble("NaN")!.Value));
        Assert.Equal(double.PositiveInfinity, read["PosInf"]);
        Assert.Equal(double.NegativeInfinity, read["NegInf"]);
        Assert.Equal(true, read["True"]);
        Assert.Equal(false, read["False"]);
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(when.UtcTicks, read.GetDateTimeOffset("When")!.Value.UtcTicks);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(bytes, read.GetBinary("Bytes"));
        Assert.Equal(entity.Count, read.Count);
    }

    [Theory]
    [MemberData(nameof(UnicodeTexts))]
    public async Task UnicodeValuesAndKeys_RoundTrip(string text)
    {
        await Table.AddEntityAsync(new TableEntity(text, text + " 'quoted' %2F") { ["Name"] = text });

        var read = await Table.GetEntityIfExistsAsync(text, text + " 'quoted' %2F");
        var queried = await Table.QueryAsync(TableFilter.Create($"PartitionKey eq {text}")).ToListAsync();

        Assert.Equal(text, read?.GetString("Name"));
        Assert.Equal(text, Assert.Single(queried).GetString("Name"));
    }

    [Fact]
    public async Task GetEntityIfExists_WhenAbsent_ReturnsNull_AndSelectLimitsProperties()
    {
        Assert.Null(await Table.GetEntityIfExistsAsync("nobody", "here"));

        await Table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });
        var read = await Table.GetEntityIfExistsAsync("p", "r", ["A"]);

        Assert.Equal("a", read?.GetString("A"));
        Assert.False(read!.ContainsKey("B"));
    }

    [Fact]
    public async Task Upsert_MergeKeepsOtherProperties_ReplaceDropsThem()
    {
        await Table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });
        await Table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a2" }, TableUpdateMode.Merge);
        var merged = await Table.GetEntityIfExistsAsync("p", "r");
        Assert.Equal("a2", merged?.GetString("A"));
        Assert.Equal("b", merged?.GetString("B"));

        await Table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a3" }, TableUpdateMode.Replace);
        var replaced = await Table.GetEntityIfExistsAsync("p", "r");
        Assert.Equal("a3", replaced?.GetString("A"));
        Assert.False(replaced!.ContainsKey("B"));
    }

    [Fact]
    public async Task Update_WithStaleETag_ThrowsPreconditionFailed_AndWithCurrentETagSucceeds()
    {
        var first = await Table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var second = await Table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, first, TableUpdateMode.Replace);
        Assert.NotEqual(first, second);

        var error = await Assert.ThrowsAsync<StoragePreconditionFailedException>(
            () => Table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 3 }, first));
        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);

        await Table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 4 }, ETag.All);
        Assert.Equal(4, (await Table.GetEntityIfExistsAsync("p", "r"))?.GetInt32("V"));
    }

    [Fact]
    public async Task Update_WhenEntityMissing_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<StorageNotFoundException>(
            () => Table.UpdateEntityAsync(new TableEntity("p", "missing"), ETag.All));
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task ConcurrentWriters_WithSameETag_ExactlyOneWins()
    {
        var etag = await Table.AddEntityAsync(new TableEntity("race", "row") { ["Owner"] = "nobody" });

        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Table.UpdateEntityAsync(new TableEntity("race", "row") { ["Owner"] = $"writer{i}" }, etag);
                return $"writer{i}";
            }
            catch (StoragePreconditionFailedException)
            {
                return null;
            }
        });
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, (await Table.GetEntityIfExistsAsync("race", "row"))?.GetString("Owner"));
    }

    [Fact]
    public async Task ConcurrentAdds_OfSameKeys_ExactlyOneSucceeds()
    {
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await Table.AddEntityAsync(new TableEntity("slot", "s1") { ["By"] = i });
                return true;
            }
            catch (StorageConflictException)
            {
                return false;
            }
        });

        Assert.Single(await Task.WhenAll(attempts), won => won);
    }

    [Fact]
    public async Task DeleteEntity_ReturnsFalseWhenAbsent_AndHonoursETag()
    {
        Assert.False(await Table.DeleteEntityAsync("p", "none"));

        var first = await Table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await Table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 });
        await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => Table.DeleteEntityAsync("p", "r", first));

        Assert.True(await Table.DeleteEntityAsync("p", "r"));
        Assert.Null(await Table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task Query_FilterValueWithQuotes_CannotWidenTheQuery()
    {
        await Table.AddEntityAsync(new TableEntity("tenant-a", "1") { ["Secret"] = "a" });
        await Table.AddEntityAsync(new TableEntity("tenant-b", "1") { ["Secret"] = "b" });
        var hostile = "tenant-x' or PartitionKey ne 'tenant-x";

        var naive = await Table.QueryAsync($"PartitionKey eq '{hostile}'").ToListAsync();
        var escaped = await Table.QueryAsync(TableFilter.Create($"PartitionKey eq {hostile}")).ToListAsync();
        var helper = await Table.QueryAsync(TableFilter.PartitionKeyEquals(hostile)).ToListAsync();

        Assert.Equal(2, naive.Count); // The hole this guards against is real...
        Assert.Empty(escaped); // ...and the builder closes it.
        Assert.Empty(helper);
    }

    [Fact]
    public async Task Query_WithTypedLiterals_MatchesEachType()
    {
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var id = Guid.NewGuid();
        await Table.AddEntityAsync(new TableEntity("p", "match") { ["L"] = 10_000_000_000L, ["D"] = 2.5, ["W"] = when, ["G"] = id, ["B"] = true, ["I"] = 7 });
        await Table.AddEntityAsync(new TableEntity("p", "other") { ["L"] = 1L, ["D"] = 1.0, ["W"] = when.AddDays(-1), ["G"] = Guid.NewGuid(), ["B"] = false, ["I"] = 8 });

        async Task<string> Single(string filter) => Assert.Single(await Table.QueryAsync(filter).ToListAsync()).RowKey;

        Assert.Equal("match", await Single(TableFilter.Create($"L gt {5_000_000_000L}")));
        Assert.Equal("match", await Single(TableFilter.Create($"D gt {2.0}")));
        Assert.Equal("match", await Single(TableFilter.Create($"W ge {when}")));
        Assert.Equal("match", await Single(TableFilter.Create($"G eq {id}")));
        Assert.Equal("match", await Single(TableFilter.Create($"B eq {true}")));
        Assert.Equal("match", await Single(TableFilter.Create($"I eq {7}")));
    }

    [Fact]
    public async Task Query_RowKeyStartsWith_ReturnsOnlyThePrefixRange()
    {
        foreach (var rowKey in new[] { "ab", "abc", "abd", "ac", "b" })
        {
            await Table.AddEntityAsync(new TableEntity("p", rowKey));
        }

        var rows = await Table.QueryAsync(TableFilter.RowKeyStartsWith("p", "ab")).Select(e => e.RowKey).ToListAsync();

        Assert.Equal(["ab", "abc", "abd"], rows);
    }

    [Fact]
    public async Task Query_AcrossMoreThanOneThousandEntities_FollowsContinuationTokens()
    {
        const int count = 1_250;
        for (var start = 0; start < count; start += 100)
        {
            var partition = $"bulk{start / 500}";
            var batches = Enumerable.Range(start, Math.Min(100, count - start))
                .GroupBy(i => $"bulk{i / 500}")
                .Select(g => Table.SubmitTransactionAsync(g.Select(i =>
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(g.Key, i.ToString("D5")) { ["I"] = i }))));
            await Task.WhenAll(batches);
        }

        var all = await Table.QueryAsync().ToListAsync();
        var selected = await Table.QueryAsync(TableFilter.Create($"I ge {0}"), ["I"], maxPerPage: 300).ToListAsync();

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Select(e => (e.PartitionKey, e.RowKey)).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, count), selected.Select(e => e.GetInt32("I")!.Value).Order());
    }

    [Fact]
    public async Task Transaction_AppliesAllActions()
    {
        var existing = await Table.AddEntityAsync(new TableEntity("tx", "update") { ["V"] = 1 });
        await Table.AddEntityAsync(new TableEntity("tx", "delete"));

        var results = await Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("tx", "add") { ["V"] = "new" }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("tx", "update") { ["V"] = 2 }, existing),
            new(TableTransactionActionType.Delete, new TableEntity("tx", "delete")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("tx", "upsert") { ["V"] = 3 }),
        ]);

        Assert.Equal(4, results.Count);
        Assert.Equal("new", (await Table.GetEntityIfExistsAsync("tx", "add"))?.GetString("V"));
        Assert.Equal(2, (await Table.GetEntityIfExistsAsync("tx", "update"))?.GetInt32("V"));
        Assert.Null(await Table.GetEntityIfExistsAsync("tx", "delete"));
        Assert.Equal(3, (await Table.GetEntityIfExistsAsync("tx", "upsert"))?.GetInt32("V"));
        Assert.Equal(results[0].ETag, (await Table.GetEntityIfExistsAsync("tx", "add"))?.ETag);
    }

    [Fact]
    public async Task Transaction_WithOneFailingAction_AppliesNone_AndReportsItsIndex()
    {
        await Table.AddEntityAsync(new TableEntity("tx", "taken"));

        var error = await Assert.ThrowsAsync<StorageConflictException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("tx", "a")),
            new(TableTransactionActionType.Add, new TableEntity("tx", "b")),
            new(TableTransactionActionType.Add, new TableEntity("tx", "taken")),
            new(TableTransactionActionType.Add, new TableEntity("tx", "c")),
        ]));

        Assert.Equal(2, error.FailedActionIndex);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        var rows = await Table.QueryAsync(TableFilter.PartitionKeyEquals("tx")).Select(e => e.RowKey).ToListAsync();
        Assert.Equal(["taken"], rows);
    }

    [Fact]
    public async Task Transaction_WithStaleETag_ReportsPreconditionFailureAtIndex()
    {
        var stale = await Table.AddEntityAsync(new TableEntity("tx", "v"));
        await Table.UpsertEntityAsync(new TableEntity("tx", "v") { ["X"] = 1 });

        var error = await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("tx", "new")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("tx", "v") { ["X"] = 2 }, stale),
        ]));

        Assert.Equal(1, error.FailedActionIndex);
        Assert.Null(await Table.GetEntityIfExistsAsync("tx", "new"));
    }

    [Theory]
    [InlineData("a+b")]
    [InlineData("a&b=c")]
    [InlineData("[x]{y}")]
    [InlineData("~!@$^*()'';:,")]
    [InlineData(" leading and trailing ")]
    [InlineData("")]
    public async Task KeysWithUrlSpecialCharacters_WorkForEveryOperation(string key)
    {
        var etag = await Table.AddEntityAsync(new TableEntity(key, key) { ["V"] = 1 });
        var updated = await Table.UpdateEntityAsync(new TableEntity(key, key) { ["V"] = 2 }, etag);

        var read = await Table.GetEntityIfExistsAsync(key, key);
        var queried = Assert.Single(await Table.QueryAsync(TableFilter.Create($"PartitionKey eq {key} and RowKey eq {key}")).ToListAsync());

        Assert.Equal(2, read?.GetInt32("V"));
        Assert.Equal(key, queried.PartitionKey);
        Assert.Equal(updated, queried.ETag);
        Assert.True(await Table.DeleteEntityAsync(key, key, updated));
    }

    [Fact]
    public async Task ETagFromAQuery_CanBeUsedForAConditionalUpdate()
    {
        await Table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var fromQuery = Assert.Single(await Table.QueryAsync(TableFilter.PartitionKeyEquals("p")).ToListAsync());

        fromQuery["V"] = 2;
        await Table.UpdateEntityAsync(fromQuery, fromQuery.ETag, TableUpdateMode.Replace);

        await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => Table.UpdateEntityAsync(fromQuery, fromQuery.ETag));
        Assert.Equal(2, (await Table.GetEntityIfExistsAsync("p", "r"))?.GetInt32("V"));
    }

    [Fact]
    public async Task TableServiceClient_CheckAvailability_SucceedsAgainstAzurite()
    {
        await TableService.CheckAvailabilityAsync();
    }
}
