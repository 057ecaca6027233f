using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Writes the Azure Functions custom-handler layout for a registry: host.json plus {Name}/function.json per function.
/// Run at publish time (see the WriteFunctionsLayout target), so the files can never drift from the code.
/// </summary>
public static class FunctionLayout
{
    public const string HttpRoutePrefix = "/api/";
    public const string QueueBindingName = "message";
    public const string TimerBindingName = "timer";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the layout into <paramref name="directory"/> and returns the files written.</summary>
    /// <param name="executable">The custom handler the host starts, relative to the app root (the published apphost).</param>
    public static IReadOnlyList<string> Write(FunctionRegistry registry, string directory, string executable)
    {
        Directory.CreateDirectory(directory);
        // A function removed from the catalog must not survive in a reused publish folder.
        foreach (var stale in Directory.EnumerateDirectories(directory)
                     .Where(d => File.Exists(Path.Combine(d, "function.json")) && registry.Find(Path.GetFileName(d)) is null))
        {
            Directory.Delete(stale, recursive: true);
        }

        var written = new List<string> { WriteJson(Path.Combine(directory, "host.json"), HostJson(executable)) };
        foreach (var function in registry.Functions)
        {
            var folder = Path.Combine(directory, function.Name);
            Directory.CreateDirectory(folder);
            written.Add(WriteJson(Path.Combine(folder, "function.json"), FunctionJson(function)));
        }

        return written;
    }

    public static JsonObject HostJson(string executable) => new()
    {
        ["version"] = "2.0",
        ["logging"] = new JsonObject
        {
            ["logLevel"] = new JsonObject { ["default"] = "Information", ["Host.Results"] = "Information" },
            ["applicationInsights"] = new JsonObject
            {
                ["samplingSettings"] = new JsonObject { ["isEnabled"] = true, ["excludedTypes"] = "Request" },
            },
        },
        ["extensionBundle"] = new JsonObject
        {
            ["id"] = "Microsoft.Azure.Functions.ExtensionBundle",
            ["version"] = "[4.*, 5.0.0)",
        },
        ["customHandler"] = new JsonObject
        {
            ["description"] = new JsonObject
            {
                ["defaultExecutablePath"] = executable,
                ["workingDirectory"] = "",
                ["arguments"] = new JsonArray(),
            },
            // HTTP functions are plain ASP.NET Core routes: the host forwards the original request unchanged.
            ["enableForwardingHttpRequest"] = true,
        },
        ["extensions"] = new JsonObject
        {
            ["http"] = new JsonObject { ["routePrefix"] = HttpRoutePrefix.Trim('/') },
            ["queues"] = new JsonObject
            {
                ["batchSize"] = QueueTriggerSettings.BatchSize,
                ["newBatchThreshold"] = QueueTriggerSettings.NewBatchThreshold,
                ["maxDequeueCount"] = QueueTriggerSettings.MaxDequeueCount,
                ["maxPollingInterval"] = Format(QueueTriggerSettings.MaxPollingInterval),
                ["visibilityTimeout"] = Format(QueueTriggerSettings.VisibilityTimeout),
                ["messageEncoding"] = "base64",
            },
        },
    };

    public static JsonObject FunctionJson(FunctionDescriptor function) => new()
    {
        ["bindings"] = function switch
        {
            HttpFunctionDescriptor http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    // Our own authorisation runs in the app (organiser key); function keys would be a second lock.
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray([.. http.Methods.Select(m => JsonValue.Create(m.ToLowerInvariant()))]),
                    ["route"] = http.Route,
                },
                // Only httpTrigger + http out qualifies for request forwarding: no other bindings on HTTP functions.
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            QueueFunctionDescriptor queue => new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger",
                ["direction"] = "in",
                ["name"] = QueueBindingName,
                ["queueName"] = queue.QueueName,
                ["connection"] = QueueTriggerSettings.Connection,
            }),
            // The host resolves %key% through its IConfiguration, where the app setting A__B is the key A:B.
            TimerFunctionDescriptor timer => new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = TimerBindingName,
                ["schedule"] = $"%{timer.ScheduleSetting}%",
                ["useMonitor"] = true,
            }),
            _ => throw new ArgumentException($"Unknown function kind {function.GetType().Name}."),
        },
    };

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string WriteJson(string path, JsonNode node)
    {
        File.WriteAllText(path, node.ToJsonString(Indented) + "\n");
        return path;
    }
}
