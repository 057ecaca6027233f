using System.Globalization;
using System.Text;

namespace ExpoMatch.Storage;

/// <summary>
/// Builds OData $filter strings with every value escaped as a typed literal, so user input can never change the
/// shape of a query: <c>TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {from}")</c>.
/// </summary>
public static class TableFilter
{
    /// <summary>Formats each interpolated value as an OData literal ('text' with quotes doubled, 42L, datetime'..', guid'..').</summary>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var literals = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary>One value as an OData literal; unsupported types throw rather than being formatted loosely.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        char c => "'" + (c == '\'' ? "''" : c.ToString()) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsNaN(d) || double.IsInfinity(d) =>
            throw new ArgumentException("NaN and Infinity cannot be used in a filter.", nameof(value)),
        double d => FormatDouble(d),
        DateTimeOffset dto => "datetime'" + TableEntityJson.FormatDateTime(dto) + "'",
        DateTime dt => "datetime'" + TableEntityJson.FormatDateTime(new DateTimeOffset(
            dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime())) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        _ => throw new ArgumentException($"Values of type {value.GetType().Name} cannot be used in a filter.", nameof(value)),
    };

    /// <summary><c>PartitionKey eq '{partitionKey}'</c>.</summary>
    public static string PartitionKeyEquals(string partitionKey) => Create($"PartitionKey eq {partitionKey}");

    /// <summary>
    /// All rows of one partition whose RowKey starts with <paramref name="rowKeyPrefix"/>, as a range
    /// (<c>RowKey ge 'p' and RowKey lt 'q'</c>) the service can serve from the index.
    /// </summary>
    public static string RowKeyStartsWith(string partitionKey, string rowKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(rowKeyPrefix);
        if (rowKeyPrefix.Length == 0)
        {
            return PartitionKeyEquals(partitionKey);
        }

        if (rowKeyPrefix[^1] == char.MaxValue)
        {
            return Create($"PartitionKey eq {partitionKey} and RowKey ge {rowKeyPrefix}");
        }

        var upper = new StringBuilder(rowKeyPrefix);
        upper[^1] = (char)(upper[^1] + 1);
        return Create($"PartitionKey eq {partitionKey} and RowKey ge {rowKeyPrefix} and RowKey lt {upper.ToString()}");
    }

    /// <summary>Joins non-empty filters with <c>and</c>, each parenthesised.</summary>
    public static string And(params string[] filters) => Join(" and ", filters);

    /// <summary>Joins non-empty filters with <c>or</c>, each parenthesised.</summary>
    public static string Or(params string[] filters) => Join(" or ", filters);

    private static string Join(string separator, string[] filters) =>
        string.Join(separator, filters.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => "(" + f + ")"));

    private static string FormatDouble(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        // "1" would be an Int32 literal; keep it a double.
        return text.AsSpan().IndexOfAny(".eE") < 0 ? text + ".0" : text;
    }
}
