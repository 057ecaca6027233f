using System.Globalization;
using System.Text.Json;
using ExpoMatch.LocalHost.Worker.Protocol;

namespace ExpoMatch.LocalHost.Worker;

/// <summary>TypedData as the real host fills trigger metadata: strings as string, numbers and dates as JSON.</summary>
public static class TypedDataValues
{
    public static TypedData Text(string value) => new() { String = value };

    public static TypedData Json(string json) => new() { Json = json };

    public static TypedData Number(long value) => new() { Json = value.ToString(CultureInfo.InvariantCulture) };

    public static TypedData Time(DateTimeOffset? value) => new() { Json = value is null ? "null" : JsonSerializer.Serialize(value.Value.UtcDateTime) };
}
