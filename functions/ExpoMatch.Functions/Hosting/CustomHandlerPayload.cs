using System.Globalization;
using System.Text.Json;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Reads the custom-handler invocation payload {"Data":{binding:...},"Metadata":{...}} defensively.
/// The Functions host serialises every value that is not an object with JsonConvert.SerializeObject, so a queue
/// message "hi" arrives as the JSON string "\"hi\"", DequeueCount 1 as "1" and a date as "\"2026-...\"";
/// older hosts and the documentation samples send the plain values. Both shapes are accepted.
/// </summary>
internal static class CustomHandlerPayload
{
    public static bool TryReadQueue(JsonElement root, string queueName, out QueueInvocation invocation, out string error)
    {
        invocation = null!;
        if (!TryGetBinding(root, FunctionLayout.QueueBindingName, out var data, out error))
        {
            return false;
        }

        string text;
        switch (data.ValueKind)
        {
            case JsonValueKind.String:
                var raw = data.GetString()!;
                // A JSON string literal inside the string is the host's double encoding; anything else is the text.
                text = TryParse(raw, out var inner) && inner.ValueKind == JsonValueKind.String ? inner.GetString()! : raw;
                break;
            case JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                text = data.GetRawText();
                break;
            default:
                error = $"Data.{FunctionLayout.QueueBindingName} holds no queue message.";
                return false;
        }

        var metadata = root.TryGetProperty("Metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        invocation = new QueueInvocation(
            queueName,
            text,
            ReadString(metadata, "Id") ?? "",
            ReadLong(metadata, "DequeueCount") ?? 1,
            ReadTime(metadata, "InsertionTime"),
            ReadTime(metadata, "ExpirationTime"),
            ReadTime(metadata, "NextVisibleTime"),
            ReadString(metadata, "PopReceipt"));
        return true;
    }

    public static bool TryReadTimer(JsonElement root, out TimerInvocation invocation, out string error)
    {
        invocation = null!;
        if (!TryGetBinding(root, FunctionLayout.TimerBindingName, out var data, out error))
        {
            return false;
        }

        if (data.ValueKind == JsonValueKind.String && TryParse(data.GetString()!, out var inner))
        {
            data = inner;
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            error = $"Data.{FunctionLayout.TimerBindingName} is not a timer object.";
            return false;
        }

        var isPastDue = Unwrap(Get(data, "IsPastDue")) is { ValueKind: JsonValueKind.True };
        var status = Unwrap(Get(data, "ScheduleStatus"));
        TimerScheduleStatus? scheduleStatus = null;
        if (status.ValueKind == JsonValueKind.Object
            && ReadTime(status, "Last") is { } last && ReadTime(status, "Next") is { } next)
        {
            scheduleStatus = new TimerScheduleStatus(last, next, ReadTime(status, "LastUpdated") ?? last);
        }

        invocation = new TimerInvocation(isPastDue, scheduleStatus);
        return true;
    }

    private static bool TryGetBinding(JsonElement root, string binding, out JsonElement data, out string error)
    {
        data = default;
        error = "";
        if (root.ValueKind != JsonValueKind.Object || Get(root, "Data") is not { ValueKind: JsonValueKind.Object } all)
        {
            error = "The payload has no Data object.";
            return false;
        }

        data = Get(all, binding);
        if (data.ValueKind == JsonValueKind.Undefined)
        {
            // Tolerate a renamed binding as long as it is the only input.
            var properties = all.EnumerateObject().ToList();
            if (properties.Count != 1)
            {
                error = $"Data has no '{binding}' binding.";
                return false;
            }

            data = properties[0].Value;
        }

        return true;
    }

    private static JsonElement Get(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return default;
    }

    /// <summary>Undoes the host's SerializeObject on a scalar: "\"x\"" becomes "x", "1" becomes 1.</summary>
    private static JsonElement Unwrap(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && TryParse(value.GetString()!, out var inner)
            && inner.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null
            ? inner
            : value;

    private static string? ReadString(JsonElement obj, string name) => Unwrap(Get(obj, name)) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static long? ReadLong(JsonElement obj, string name) => Unwrap(Get(obj, name)) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var v) => v,
        { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) => v,
        _ => null,
    };

    private static DateTimeOffset? ReadTime(JsonElement obj, string name) =>
        ReadString(obj, name) is { } s
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    private static bool TryParse(string json, out JsonElement element)
    {
        element = default;
        var trimmed = json.AsSpan().Trim();
        // Only text that can be JSON is tried: the common plain-text message costs no exception.
        if (trimmed.IsEmpty || (trimmed[0] is not ('"' or '{' or '[' or '-' or 't' or 'f' or 'n') && !char.IsAsciiDigit(trimmed[0])))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
