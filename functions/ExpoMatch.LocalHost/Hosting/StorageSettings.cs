namespace ExpoMatch.LocalHost.Hosting;

/// <summary>Finds a binding's storage connection string the way the host does: the setting named by `connection`, or `AzureWebJobs{connection}`, default AzureWebJobsStorage.</summary>
public static class StorageSettings
{
    public const string DefaultConnection = "AzureWebJobsStorage";

    public static string ConnectionString(AppFolder app, string? connection)
    {
        var name = string.IsNullOrEmpty(connection) ? DefaultConnection : connection;
        if (app.Settings.TryGetValue(name, out var value) && value.Length > 0)
        {
            return value;
        }

        if (app.Settings.TryGetValue("AzureWebJobs" + name, out value) && value.Length > 0)
        {
            return value;
        }

        throw new InvalidOperationException(
            $"Storage connection '{name}' is not an app setting (identity-based '{name}__*' settings are not supported by the local host).");
    }

    public static bool IsDevelopmentStorage(string connectionString) =>
        connectionString.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);
}
