using System.Globalization;
using System.Text.Json.Nodes;

namespace ExpoMatch.LocalHost.Hosting;

/// <summary>The host.json settings the local host honours, with the real host's defaults.</summary>
public static class HostJson
{
    public static string RoutePrefix(JsonObject hostJson) =>
        (Extension(hostJson, "http")?["routePrefix"]?.GetValue<string>() ?? "api").Trim('/');

    public static QueueTriggerSettings Queues(JsonObject hostJson)
    {
        var queues = Extension(hostJson, "queues");
        var batchSize = Math.Clamp(queues?["batchSize"]?.GetValue<int>() ?? 16, 1, 32);
        return new QueueTriggerSettings(
            batchSize,
            queues?["newBatchThreshold"]?.GetValue<int>() ?? batchSize / 2 * Environment.ProcessorCount,
            Duration(queues?["maxPollingInterval"]) ?? TimeSpan.FromMinutes(1),
            Duration(queues?["visibilityTimeout"]) ?? TimeSpan.Zero,
            queues?["maxDequeueCount"]?.GetValue<int>() ?? 5,
            !string.Equals(queues?["messageEncoding"]?.GetValue<string>(), "none", StringComparison.OrdinalIgnoreCase));
    }

    private static JsonObject? Extension(JsonObject hostJson, string name) => hostJson["extensions"]?[name] as JsonObject;

    private static TimeSpan? Duration(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) => TimeSpan.Parse(text, CultureInfo.InvariantCulture),
        JsonValue v => TimeSpan.FromMilliseconds(v.GetValue<double>()), // host.json also takes milliseconds as a number
        _ => throw new InvalidOperationException("Expected a duration."),
    };
}

/// <summary>host.json extensions.queues.</summary>
public sealed record QueueTriggerSettings(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    bool Base64Messages);
