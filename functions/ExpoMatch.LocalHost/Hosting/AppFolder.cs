using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExpoMatch.LocalHost.Hosting;

/// <summary>
/// The worker output folder as the real host reads it: worker.config.json (how to launch the worker), host.json
/// (trigger settings) and the app settings (local.settings.json Values, then the environment, which wins).
/// </summary>
public sealed class AppFolder
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private AppFolder(string directory, WorkerDescription worker, JsonObject hostJson, IReadOnlyDictionary<string, string> settings)
    {
        Directory = directory;
        Worker = worker;
        HostJson = hostJson;
        Settings = settings;
    }

    public string Directory { get; }

    public WorkerDescription Worker { get; }

    public JsonObject HostJson { get; }

    /// <summary>Every app setting the worker and the triggers see (case-insensitive, like environment lookups on Windows hosts).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static AppFolder Load(string directory)
    {
        directory = Path.GetFullPath(directory);
        var workerConfig = Path.Combine(directory, "worker.config.json");
        if (!File.Exists(workerConfig))
        {
            throw new InvalidOperationException(
                $"No worker.config.json in {directory}: pass the built or published output of an isolated-worker app (--app <folder>).");
        }

        var description = ParseObject(File.ReadAllText(workerConfig))["description"]?.AsObject()
            ?? throw new InvalidOperationException("worker.config.json has no 'description'.");
        var hostJsonPath = Path.Combine(directory, "host.json");
        var hostJson = File.Exists(hostJsonPath) ? ParseObject(File.ReadAllText(hostJsonPath)) : [];
        return new AppFolder(directory, WorkerDescription.From(description), hostJson, ReadSettings(directory));
    }

    /// <summary>`AzureWebJobs.{Function}.Disabled` = true turns a function's trigger off, as in the real host.</summary>
    public bool IsDisabled(string functionName) =>
        Settings.TryGetValue($"AzureWebJobs.{functionName}.Disabled", out var value) && bool.TryParse(value, out var disabled) && disabled;

    /// <summary>Resolves `%Name%` tokens from the app settings, as the host does for queue names and schedules.</summary>
    public string Resolve(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var parts = value.Split('%');
        if (parts.Length % 2 == 0)
        {
            throw new InvalidOperationException($"Unbalanced '%' in '{value}'.");
        }

        for (var i = 1; i < parts.Length; i += 2)
        {
            // The real host resolves through IConfiguration, where the app setting A__B is the key A:B.
            parts[i] = Settings.TryGetValue(parts[i], out var setting)
                || Settings.TryGetValue(parts[i].Replace(":", "__", StringComparison.Ordinal), out setting)
                ? setting
                : throw new InvalidOperationException($"'%{parts[i]}%' is not an app setting.");
        }

        return string.Concat(parts);
    }

    private static JsonObject ParseObject(string json) =>
        JsonNode.Parse(json, documentOptions: Lenient)?.AsObject() ?? throw new InvalidOperationException("Expected a JSON object.");

    private static Dictionary<string, string> ReadSettings(string directory)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // local.settings.json sits in the app folder (the project copies it to its output) or where the host is run.
        var file = new[] { directory, System.IO.Directory.GetCurrentDirectory() }
            .Select(d => Path.Combine(d, "local.settings.json"))
            .FirstOrDefault(File.Exists);
        if (file is not null && ParseObject(File.ReadAllText(file))["Values"] is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                settings[key] = value?.GetValue<object>()?.ToString() ?? string.Empty;
            }
        }

        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            settings[(string)variable.Key] = (string?)variable.Value ?? string.Empty;
        }

        return settings;
    }
}

/// <summary>worker.config.json's description: what to run, with which arguments.</summary>
public sealed record WorkerDescription(string Language, string ExecutablePath, string WorkerPath, IReadOnlyList<string> Arguments, IReadOnlyList<string> WorkerArguments)
{
    public static WorkerDescription From(JsonObject description)
    {
        static List<string> Strings(JsonNode? node) => node is JsonArray array ? array.Select(a => a!.GetValue<string>()).ToList() : [];
        return new WorkerDescription(
            description["language"]?.GetValue<string>() ?? "dotnet-isolated",
            description["defaultExecutablePath"]?.GetValue<string>() ?? throw new InvalidOperationException("worker.config.json has no defaultExecutablePath."),
            description["defaultWorkerPath"]?.GetValue<string>() ?? string.Empty,
            Strings(description["arguments"]),
            Strings(description["workerArguments"]));
    }
}
