using System.Text.RegularExpressions;

namespace ExpoMatch.Storage;

/// <summary>Table service limits, checked before sending so callers get a clear ArgumentException instead of a 400.</summary>
internal static partial class TableValidation
{
    public const int MaxKeyLength = 512; // 1 KiB of UTF-16; Azurite enforces 512 characters.
    public const int MaxCustomProperties = 252;
    public const int MaxStringLength = 32 * 1024; // 64 KiB of UTF-16.
    public const int MaxBinaryLength = 64 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxPropertyNameLength = 255;

    private static readonly HashSet<string> ReservedPropertyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "PartitionKey", "RowKey", "Timestamp", "ETag",
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();

    public static void CheckTableName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TableNamePattern().IsMatch(name) || string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Invalid table name '{name}': 3-63 letters or digits, starting with a letter, not 'tables'.", nameof(name));
        }
    }

    public static void CheckKey(string? key, string paramName)
    {
        if (key is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} is required (it may be empty).");
        }

        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"{paramName} is {key.Length} characters; the limit is {MaxKeyLength}.", paramName);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"{paramName} contains a character the Table service forbids in keys ('/', '\\', '#', '?' or a control character).",
                    paramName);
            }
        }
    }

    public static void CheckPropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxPropertyNameLength
            || !(char.IsLetter(name[0]) || name[0] == '_')
            || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException(
                $"Invalid property name '{name}': 1-255 letters, digits or '_', starting with a letter or '_'.", nameof(name));
        }

        if (ReservedPropertyNames.Contains(name))
        {
            throw new ArgumentException(
                $"'{name}' is a system property; set it through the TableEntity members, not as a custom property.", nameof(name));
        }
    }

    /// <summary>Checks keys, property count and the documented size formula (REST "Understanding the Table service data model").</summary>
    public static void CheckEntity(TableEntity entity, string paramName = "entity")
    {
        ArgumentNullException.ThrowIfNull(entity, paramName);
        CheckKey(entity.PartitionKey, nameof(TableEntity.PartitionKey));
        CheckKey(entity.RowKey, nameof(TableEntity.RowKey));
        if (entity.Count > MaxCustomProperties)
        {
            throw new ArgumentException($"The entity has {entity.Count} properties; the limit is {MaxCustomProperties}.", paramName);
        }

        long size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2);
        foreach (var (name, value) in entity)
        {
            size += 8 + (name.Length * 2) + value switch
            {
                string s when s.Length > MaxStringLength => throw new ArgumentException(
                    $"Property '{name}' is {s.Length} characters; a string property holds at most {MaxStringLength}.", paramName),
                string s => 4 + (s.Length * 2),
                byte[] b when b.Length > MaxBinaryLength => throw new ArgumentException(
                    $"Property '{name}' is {b.Length} bytes; a binary property holds at most {MaxBinaryLength}.", paramName),
                byte[] b => 4 + b.Length,
                int or bool => 4,
                Guid => 16,
                _ => 8,
            };
        }

        if (size > MaxEntityBytes)
        {
            throw new ArgumentException($"The entity is about {size} bytes; the limit is 1 MiB.", paramName);
        }
    }

}
