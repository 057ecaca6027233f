using System.Globalization;

namespace ExpoMatch.Functions.Hosting;

public enum FunctionHostingMode
{
    /// <summary>Local runs, containers, tests: the app serves HTTP and runs its own queue and timer triggers (StandaloneTriggerHost).</summary>
    Standalone,

    /// <summary>Azure Functions runs the app: it listens on 127.0.0.1:{port} and the host drives every trigger.</summary>
    CustomHandler,
}

/// <summary>Chooses the mode and the listening address at start, from FUNCTIONS_CUSTOMHANDLER_PORT.</summary>
public static class FunctionHostingModes
{
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string StandaloneDefaultUrl = "http://localhost:7071";

    public static FunctionHostingMode Detect(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[CustomHandlerPortSetting])
            ? FunctionHostingMode.Standalone
            : FunctionHostingMode.CustomHandler;

    /// <summary>The URL to listen on, or null to keep what ASPNETCORE_URLS / --urls / *_HTTP_PORTS configured.</summary>
    public static string? ListenUrl(IConfiguration configuration)
    {
        var port = configuration[CustomHandlerPortSetting];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{CustomHandlerPortSetting} = '{port}' is not a TCP port.");
            }

            // Loopback only: the invocation endpoints must be reachable by the local Functions host and nobody else.
            return $"http://127.0.0.1:{number}";
        }

        var configured = configuration[WebHostDefaults.ServerUrlsKey]
            ?? configuration["HTTP_PORTS"] ?? configuration["HTTPS_PORTS"];
        return string.IsNullOrWhiteSpace(configured) ? StandaloneDefaultUrl : null;
    }
}
