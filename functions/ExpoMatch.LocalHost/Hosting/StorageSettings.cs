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

    /// <summary>
    /// The host's own storage calls (polls, settlements, timer leases) give up a try after 3 s and retry once, like the
    /// app's clients: with the SDK's defaults (100 s a try, four tries) a frozen store would stall a poller for minutes
    /// and the outage would be noticed, and over, long before the listener knew.
    /// </summary>
    public static T WithShortTimeouts<T>(T options) where T : Azure.Core.ClientOptions
    {
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(3);
        return options;
    }
}
