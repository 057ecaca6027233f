using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Development only: reads the Values of local.settings.json (Core Tools' file, `__` meaning `:`) as configuration
/// with the same precedence Core Tools gives it: above appsettings*.json, below environment variables and arguments.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";

    /// <summary>Adds the file when found; returns a problem description when it is present but unreadable.</summary>
    public static string? AddTo(IConfigurationBuilder configuration, string contentRoot)
    {
        var path = Find(contentRoot);
        if (path is null)
        {
            return null;
        }

        Dictionary<string, string?> values;
        try
        {
            values = Read(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            return $"{path} is not valid JSON (line {exception.LineNumber + 1}).";
        }

        var source = new MemoryConfigurationSource { InitialData = values };
        var environmentAt = configuration.Sources.ToList()
            .FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (environmentAt >= 0)
        {
            configuration.Sources.Insert(environmentAt, source);
        }
        else
        {
            configuration.Sources.Add(source);
        }

        return null;
    }

    internal static Dictionary<string, string?> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var value in section.EnumerateObject())
            {
                values[value.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
            }
        }

        return values;
    }

    /// <summary>The content root, then its parents up to the repository root (where the sample lives).</summary>
    private static string? Find(string contentRoot)
    {
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(Path.Combine(directory.FullName, "ExpoMatch.sln")))
            {
                return null;
            }
        }

        return null;
    }
}
