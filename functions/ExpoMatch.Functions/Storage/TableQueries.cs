using Azure.Data.Tables;

namespace ExpoMatch.Functions.Storage;

/// <summary>Filters the service serves from its (PartitionKey, RowKey) index, every value escaped by <see cref="TableClient.CreateQueryFilter(FormattableString)"/>.</summary>
public static class TableQueries
{
    /// <summary>
    /// All rows of one partition whose RowKey starts with <paramref name="rowKeyPrefix"/>, as a range
    /// (<c>RowKey ge 'p' and RowKey lt 'q'</c>): a prefix test the service can answer without scanning the partition.
    /// </summary>
    public static string RowKeyStartsWith(string partitionKey, string rowKeyPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(rowKeyPrefix);
        if (rowKeyPrefix[^1] == char.MaxValue)
        {
            return TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {rowKeyPrefix}");
        }

        var upperBound = string.Concat(rowKeyPrefix.AsSpan(0, rowKeyPrefix.Length - 1), ((char)(rowKeyPrefix[^1] + 1)).ToString());
        return TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {rowKeyPrefix} and RowKey lt {upperBound}");
    }

    /// <summary><c>{property} eq {value}</c> with the value escaped; for properties named by our constants.</summary>
    public static string Equal(string property, object value) => property + " eq " + TableClient.CreateQueryFilter($"{value}");

    /// <summary>Filters built above (never raw values) joined with <c>and</c>, each parenthesised.</summary>
    public static string And(params string[] filters) => Join(" and ", filters);

    /// <summary>Filters built above (never raw values) joined with <c>or</c>, each parenthesised.</summary>
    public static string Or(params string[] filters) => Join(" or ", filters);

    private static string Join(string separator, string[] filters) => string.Join(separator, filters.Select(f => "(" + f + ")"));
}
