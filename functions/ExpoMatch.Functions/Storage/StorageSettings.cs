using Azure.Core;
using Microsoft.Extensions.Azure;

namespace ExpoMatch.Functions.Storage;

/// <summary>
/// The <c>AzureWebJobsStorage</c> setting read the way the Functions host reads it (Microsoft.Azure.WebJobs'
/// StorageClientProvider), turned into the configuration Microsoft.Extensions.Azure's client factory understands:
/// <list type="number">
/// <item>the setting's own value is a connection string (including <c>UseDevelopmentStorage=true</c>) and wins;</item>
/// <item>else <c>__accountName</c> gives <c>https://{account}.{table|queue}.core.windows.net</c>;</item>
/// <item>else <c>__tableServiceUri</c> / <c>__queueServiceUri</c> / <c>__blobServiceUri</c> name each service;</item>
/// <item>else the section as Microsoft.Extensions.Azure reads it (<c>connectionString</c>, <c>serviceUri</c>,
/// <c>endpoint</c>), as the host falls back to it.</item>
/// </list>
/// The credential keys (<c>__credential</c>, <c>__clientId</c>, ...) are read by Microsoft.Extensions.Azure itself:
/// <c>managedidentity</c> gives a ManagedIdentityCredential, no key its default (DefaultAzureCredential).
/// </summary>
public sealed class StorageSettings
{
    public const string Table = "table";
    public const string Queue = "queue";

    /// <summary>The blob service: the Data Protection key ring (ADR-003), besides the host's own use of it.</summary>
    public const string Blob = "blob";

    // Names Microsoft.Extensions.Azure matches against the clients' constructor parameters.
    private const string ConnectionStringKey = "connectionString";
    private static readonly string[] ServiceUriKeys = ["serviceUri", "endpoint"];

    private readonly IConfigurationSection _section;
    private readonly string? _connectionString;

    private StorageSettings(IConfigurationSection section)
    {
        _section = section;
        _connectionString = Blank(section.Value) ? Blank(section[ConnectionStringKey]) ? null : section[ConnectionStringKey] : section.Value;
    }

    public string Name => _section.Path;

    /// <summary>True when the setting is a connection string (shared key or SAS) rather than identity-based.</summary>
    public bool UsesConnectionString => _connectionString is not null;

    /// <summary>True for <c>UseDevelopmentStorage=true</c>: Azurite on its default ports.</summary>
    public bool IsDevelopmentStorage => _connectionString is { } value &&
        value.Replace(" ", "", StringComparison.Ordinal).Trim(';').Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="name"/> (<c>AzureWebJobsStorage</c>, also spelt <c>AzureWebJobsStorage__key</c> in the environment).</summary>
    public static StorageSettings Read(IConfiguration configuration, string name = StorageRegistration.ConnectionSettingName) =>
        new(configuration.GetSection(name));

    /// <summary>
    /// The configuration Microsoft.Extensions.Azure builds the <paramref name="service"/> client from. Throws
    /// <see cref="InvalidOperationException"/> naming the settings when nothing reaches that service.
    /// </summary>
    public IConfiguration For(string service)
    {
        if (_connectionString is not null)
        {
            return Build([new(ConnectionStringKey, _connectionString)]);
        }

        var serviceUri = ServiceUri(service);
        var credentialKeys = _section.GetChildren()
            .Where(c => c.Value is not null && !IsEndpointKey(c.Key))
            .Select(c => new KeyValuePair<string, string?>(c.Key, c.Value));
        return Build(credentialKeys.Concat(ServiceUriKeys.Select(k => new KeyValuePair<string, string?>(k, serviceUri.AbsoluteUri))));
    }

    /// <summary>The credential for identity-based settings (Microsoft.Extensions.Azure's reading of the credential keys); null for a connection string.</summary>
    public TokenCredential? CreateCredential(AzureComponentFactory factory) =>
        UsesConnectionString ? null : factory.CreateTokenCredential(_section);

    /// <summary>Safe to log: the form and the endpoints, never a key or signature.</summary>
    public string Describe() => UsesConnectionString
        ? IsDevelopmentStorage ? "UseDevelopmentStorage=true" : "connection string"
        : $"identity ({_section["credential"] ?? "default credential"}), tables {ServiceUri(Table)}, queues {ServiceUri(Queue)}";

    private Uri ServiceUri(string service)
    {
        var accountName = _section["accountName"];
        if (!Blank(accountName))
        {
            return ParseUri($"https://{accountName}.{service}.core.windows.net", "accountName");
        }

        var key = service + "ServiceUri";
        if (!Blank(_section[key]))
        {
            return ParseUri(_section[key]!, key);
        }

        foreach (var fallback in ServiceUriKeys)
        {
            if (!Blank(_section[fallback]))
            {
                return ParseUri(_section[fallback]!, fallback);
            }
        }

        throw new InvalidOperationException(
            $"{Name} reaches no {service} service: set it to a connection string, or set {Name}__accountName, or " +
            $"{Name}__tableServiceUri and {Name}__queueServiceUri (with {Name}__credential=managedidentity in Azure).");
    }

    private Uri ParseUri(string value, string key) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"{Name}__{key} is not an absolute http(s) URI.");

    private static bool IsEndpointKey(string key) =>
        key.Equals("accountName", StringComparison.OrdinalIgnoreCase) ||
        key.EndsWith("ServiceUri", StringComparison.OrdinalIgnoreCase) ||
        ServiceUriKeys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    private static IConfiguration Build(IEnumerable<KeyValuePair<string, string?>> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
