using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace ExpoMatch.Storage;

/// <summary>
/// OData JSON (minimal metadata) for entities: every type JSON cannot carry exactly gets an "@odata.type" annotation
/// (Int64 as a string, Double always, so 1.0 stays a double and NaN/Infinity travel as strings).
/// </summary>
internal static class TableEntityJson
{
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static byte[] Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Single-line output: Azurite's batch parser needs each body on one line.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity)
            {
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case long l:
                writer.WriteString(name + "@odata.type", "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteString(name + "@odata.type", "Edm.Double");
                if (double.IsNaN(d))
                {
                    writer.WriteString(name, "NaN");
                }
                else if (double.IsPositiveInfinity(d))
                {
                    writer.WriteString(name, "Infinity");
                }
                else if (double.IsNegativeInfinity(d))
                {
                    writer.WriteString(name, "-Infinity");
                }
                else
                {
                    writer.WriteNumber(name, d);
                }

                break;
            case DateTimeOffset dto:
                writer.WriteString(name + "@odata.type", "Edm.DateTime");
                writer.WriteString(name, FormatDateTime(dto));
                break;
            case Guid g:
                writer.WriteString(name + "@odata.type", "Edm.Guid");
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                writer.WriteString(name + "@odata.type", "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new ArgumentException($"Property '{name}' has unsupported type {value.GetType().Name}.");
        }
    }

    internal static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public static TableEntity Deserialize(JsonElement element, ETag etagFromHeader = default)
    {
        var partitionKey = element.TryGetProperty("PartitionKey", out var pk) ? pk.GetString() ?? string.Empty : string.Empty;
        var rowKey = element.TryGetProperty("RowKey", out var rk) ? rk.GetString() ?? string.Empty : string.Empty;
        var entity = new TableEntity(partitionKey, rowKey) { ETag = etagFromHeader };

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name == "odata.etag")
            {
                entity.ETag = new ETag(property.Value.GetString()!);
                continue;
            }

            if (name is "PartitionKey" or "RowKey" || name.StartsWith("odata.", StringComparison.Ordinal)
                || name.Contains('@', StringComparison.Ordinal) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var edmType = element.TryGetProperty(name + "@odata.type", out var annotation) ? annotation.GetString() : null;
            var value = ReadValue(name, property.Value, edmType);
            if (name == "Timestamp")
            {
                entity.Timestamp = value as DateTimeOffset? ?? ParseDateTime(property.Value.GetString()!);
                continue;
            }

            entity[name] = value;
        }

        return entity;
    }

    private static object ReadValue(string name, JsonElement value, string? edmType)
    {
        try
        {
            return edmType switch
            {
                "Edm.Int64" => value.ValueKind == JsonValueKind.String
                    ? long.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
                    : value.GetInt64(),
                "Edm.Int32" => value.GetInt32(),
                "Edm.Double" => value.ValueKind == JsonValueKind.String ? ParseDouble(value.GetString()!) : value.GetDouble(),
                "Edm.DateTime" => ParseDateTime(value.GetString()!),
                "Edm.Guid" => Guid.Parse(value.GetString()!),
                "Edm.Binary" => value.GetBytesFromBase64(),
                "Edm.Boolean" => value.GetBoolean(),
                "Edm.String" => value.GetString()!,
                null => InferValue(value),
                _ => throw new FormatException($"Unsupported Edm type '{edmType}'."),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"Property '{name}' could not be read as {edmType ?? value.ValueKind.ToString()}.", e);
        }
    }

    private static object InferValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        // Unannotated numbers are Int32 unless they carry a fraction or exponent (a double the service did not annotate).
        JsonValueKind.Number when value.GetRawText().AsSpan().IndexOfAny(".eE") < 0 && value.TryGetInt32(out var i) => i,
        JsonValueKind.Number => value.GetDouble(),
        _ => throw new FormatException($"Unexpected JSON {value.ValueKind}."),
    };

    private static double ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
