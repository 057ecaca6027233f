using System.Text.Json;
using ExpoMatch.LocalHost.Worker.Protocol;

namespace ExpoMatch.LocalHost.Worker;

/// <summary>One function the worker indexed, with its trigger binding (the raw binding JSON: type, name, route, queueName, schedule, ...).</summary>
public sealed record FunctionDescriptor(string Name, string FunctionId, string TriggerType, string TriggerName, JsonElement Trigger, RpcFunctionMetadata Metadata)
{
    /// <summary>The real host's id for a function ("Host.Functions.{Name}"), used in lock and status blob names.</summary>
    public string HostFunctionId => "Host.Functions." + Name;

    public string? TriggerString(string property) =>
        Trigger.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool TriggerBool(string property) =>
        Trigger.TryGetProperty(property, out var value) && (value.ValueKind == JsonValueKind.True ||
            (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var parsed) && parsed));

    public IReadOnlyList<string> TriggerStrings(string property) =>
        Trigger.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : [];

    public static FunctionDescriptor From(RpcFunctionMetadata metadata)
    {
        foreach (var raw in metadata.RawBindings)
        {
            using var document = JsonDocument.Parse(raw);
            var binding = document.RootElement;
            var type = Property(binding, "type");
            if (type is not null && type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            {
                return new FunctionDescriptor(metadata.Name, metadata.FunctionId, type, Property(binding, "name") ?? string.Empty, binding.Clone(), metadata);
            }
        }

        throw new InvalidOperationException($"Function '{metadata.Name}' has no trigger binding.");
    }

    // Binding JSON from the worker is camelCase, but the host reads it case-insensitively.
    private static string? Property(JsonElement binding, string name) =>
        binding.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is
        { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
