using System.Collections;
using Azure;

namespace ExpoMatch.Storage;

/// <summary>
/// A table entity: keys, ETag, Timestamp and typed custom properties. Property values may be string, int, long,
/// double, bool, DateTimeOffset (DateTime is converted to UTC), Guid or byte[]; each round-trips with its Edm type.
/// Setting a property to null removes it (the Table service has no null values).
/// </summary>
public sealed class TableEntity : IEnumerable<KeyValuePair<string, object>>
{
    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
        RowKey = rowKey ?? throw new ArgumentNullException(nameof(rowKey));
    }

    public string PartitionKey { get; set; }

    public string RowKey { get; set; }

    /// <summary>The service's opaque version tag; default when the entity was never read or written.</summary>
    public ETag ETag { get; set; }

    /// <summary>The service's last-modified time (read-only on the service side; ignored on writes).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Custom properties (not PartitionKey, RowKey, Timestamp).</summary>
    public IReadOnlyDictionary<string, object> Properties => _properties;

    public int Count => _properties.Count;

    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                _properties.Remove(name);
            }
            else
            {
                _properties[CheckName(name)] = Normalize(name, value);
            }
        }
    }

    /// <summary>Adds a property; for collection initialisers: <c>new TableEntity(pk, rk) { ["Name"] = "x" }</c> or <c>{ { "Name", "x" } }</c>.</summary>
    public void Add(string name, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _properties.Add(CheckName(name), Normalize(name, value));
    }

    public bool Remove(string name) => _properties.Remove(name);

    public bool ContainsKey(string name) => _properties.ContainsKey(name);

    public bool TryGetValue(string name, out object? value)
    {
        var found = _properties.TryGetValue(name, out var v);
        value = v;
        return found;
    }

    public string? GetString(string name) => Get<string>(name);

    public int? GetInt32(string name) => GetStruct<int>(name);

    /// <summary>Int64 value; an Int32 value widens.</summary>
    public long? GetInt64(string name) => _properties.GetValueOrDefault(name) is int i ? i : GetStruct<long>(name);

    /// <summary>Double value; Int32/Int64 values widen (the service stores a whole double as written).</summary>
    public double? GetDouble(string name) => _properties.GetValueOrDefault(name) switch
    {
        int i => i,
        long l => l,
        _ => GetStruct<double>(name),
    };

    public bool? GetBoolean(string name) => GetStruct<bool>(name);

    public DateTimeOffset? GetDateTimeOffset(string name) => GetStruct<DateTimeOffset>(name);

    public Guid? GetGuid(string name) => GetStruct<Guid>(name);

    public byte[]? GetBinary(string name) => Get<byte[]>(name);

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"TableEntity(PartitionKey={PartitionKey}, RowKey={RowKey}, {Count} properties)";

    private T? Get<T>(string name) where T : class => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        T value => value,
        var other => throw WrongType(name, typeof(T), other),
    };

    private T? GetStruct<T>(string name) where T : struct => _properties.GetValueOrDefault(name) switch
    {
        null => null,
        T value => value,
        var other => throw WrongType(name, typeof(T), other),
    };

    private static InvalidOperationException WrongType(string name, Type wanted, object actual) =>
        new($"Property '{name}' is {actual.GetType().Name}, not {wanted.Name}.");

    private static string CheckName(string name)
    {
        TableValidation.CheckPropertyName(name);
        return name;
    }

    private static object Normalize(string name, object value) => value switch
    {
        string or int or long or double or bool or Guid or byte[] => value,
        DateTimeOffset dto => dto.ToUniversalTime(),
        DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()),
        _ => throw new ArgumentException(
            $"Property '{name}' has unsupported type {value.GetType().Name}; use string, int, long, double, bool, DateTimeOffset, Guid or byte[].",
            nameof(value)),
    };
}
