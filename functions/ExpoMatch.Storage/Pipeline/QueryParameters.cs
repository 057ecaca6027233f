namespace ExpoMatch.Storage;

internal static class QueryParameters
{
    /// <summary>Decoded (name, value) pairs of a URI query ("?a=1&amp;b=2"), in order.</summary>
    public static IEnumerable<(string Name, string Value)> Parse(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            yield return (Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        }
    }
}
