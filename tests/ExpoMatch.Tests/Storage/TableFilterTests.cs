using ExpoMatch.Storage;

namespace ExpoMatch.Tests.Storage;

public sealed class TableFilterTests
{
    [Fact]
    public void Create_EscapesEveryValueAsATypedLiteral()
    {
        var when = new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.FromHours(7));
        var id = Guid.Parse("8f8e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");

        var filter = TableFilter.Create($"A eq {"O'Brien"} and B eq {42} and C eq {42L} and D eq {1.0} and E eq {true} and F ge {when} and G eq {id} and H eq {new byte[] { 0xAB, 0x01 }}");

        Assert.Equal(
            "A eq 'O''Brien' and B eq 42 and C eq 42L and D eq 1.0 and E eq true and F ge datetime'2026-11-21T09:00:00.0000000Z' " +
            "and G eq guid'8f8e1c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b' and H eq X'ab01'",
            filter);
    }

    [Fact]
    public void Create_AnInjectionAttempt_StaysOneStringLiteral()
    {
        var hostile = "x' or 'a' eq 'a";

        Assert.Equal("PartitionKey eq 'x'' or ''a'' eq ''a'", TableFilter.Create($"PartitionKey eq {hostile}"));
    }

    [Fact]
    public void Create_UnsupportedValues_Throw()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {new object()}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {double.NaN}"));
    }

    [Fact]
    public void Helpers_ComposeEscapedFilters()
    {
        Assert.Equal("PartitionKey eq 'a''b'", TableFilter.PartitionKeyEquals("a'b"));
        Assert.Equal("PartitionKey eq 'p' and RowKey ge 'ab' and RowKey lt 'ac'", TableFilter.RowKeyStartsWith("p", "ab"));
        Assert.Equal("(A eq 1) and (B eq 2)", TableFilter.And("A eq 1", "", "B eq 2"));
        Assert.Equal("(A eq 1) or (B eq 2)", TableFilter.Or("A eq 1", "B eq 2"));
    }
}
