namespace ExpoMatch.Storage;

/// <summary>Splits "Key=Value;Key=Value" into a case-insensitive dictionary; error messages name keys, never values.</summary>
internal static class ConnectionStringParser
{
    public static Dictionary<string, string> Split(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var rawPart in connectionString.Split(';'))
        {
            index++;
            var part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue; // "a=b;" and "a=b;;c=d" are common and harmless.
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Connection string part {index} is not of the form Key=Value.");
            }

            // Only the first '=' separates: Base64 keys and SAS tokens end in or contain '='.
            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (value.Length == 0)
            {
                throw new FormatException($"Connection string setting '{key}' has an empty value.");
            }

            if (!settings.TryAdd(key, value))
            {
                throw new FormatException($"Connection string setting '{key}' appears more than once.");
            }
        }

        if (settings.Count == 0)
        {
            throw new FormatException("The connection string is empty.");
        }

        return settings;
    }
}
