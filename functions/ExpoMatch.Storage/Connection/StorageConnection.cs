using Azure.Core;
using Azure.Identity;

namespace ExpoMatch.Storage;

/// <summary>How requests to the storage account are authenticated.</summary>
public enum StorageAuthentication
{
    /// <summary>Account name and key (shared key signing); Azurite and key-based accounts.</summary>
    SharedKey,
    /// <summary>A shared access signature appended to every request's query.</summary>
    SharedAccessSignature,
    /// <summary>An Entra ID token (managed identity in production).</summary>
    Token,
}

/// <summary>
/// Where the table and queue services live and how to authenticate to them. Parsed from a connection string, built
/// from service URIs plus a <see cref="TokenCredential"/>, or read from configuration the way Azure Functions does.
/// The account key never appears in <see cref="ToString"/> or in any exception message.
/// </summary>
public sealed class StorageConnection
{
    /// <summary>The emulator's well-known account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known key, published by Microsoft; not a secret.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The scope storage accepts Entra ID tokens for.</summary>
    public const string TokenScope = "https://storage.azure.com/.default";

    private StorageConnection(
        StorageAuthentication authentication,
        string? accountName,
        Uri? tableEndpoint,
        Uri? queueEndpoint,
        byte[]? accountKey,
        string? sharedAccessSignature,
        TokenCredential? credential)
    {
        Authentication = authentication;
        AccountName = accountName;
        TableEndpoint = tableEndpoint;
        QueueEndpoint = queueEndpoint;
        AccountKey = accountKey;
        SharedAccessSignature = sharedAccessSignature;
        Credential = credential;
    }

    public StorageAuthentication Authentication { get; }

    /// <summary>The account name, when known (always for shared key).</summary>
    public string? AccountName { get; }

    /// <summary>The table service endpoint without a trailing slash, or null when not configured.</summary>
    public Uri? TableEndpoint { get; }

    /// <summary>The queue service endpoint without a trailing slash, or null when not configured.</summary>
    public Uri? QueueEndpoint { get; }

    /// <summary>True for <c>UseDevelopmentStorage=true</c> (Azurite on its default ports).</summary>
    public bool IsDevelopmentStorage { get; private init; }

    internal byte[]? AccountKey { get; }

    internal string? SharedAccessSignature { get; }

    internal TokenCredential? Credential { get; }

    /// <summary>Parses a storage connection string; throws <see cref="FormatException"/> with the offending key (never its value).</summary>
    public static StorageConnection Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = ConnectionStringParser.Split(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var useDev))
        {
            if (!string.Equals(useDev, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException("UseDevelopmentStorage must be 'true' when present.");
            }

            if (settings.Count != 1)
            {
                // The proxy form (DevelopmentStorageProxyUri) is not supported; other keys would be silently ignored.
                throw new FormatException("UseDevelopmentStorage=true cannot be combined with other settings.");
            }

            return new StorageConnection(
                StorageAuthentication.SharedKey,
                DevelopmentAccountName,
                new Uri("http://127.0.0.1:10002/" + DevelopmentAccountName),
                new Uri("http://127.0.0.1:10001/" + DevelopmentAccountName),
                Convert.FromBase64String(DevelopmentAccountKey),
                null,
                null)
            { IsDevelopmentStorage = true };
        }

        settings.TryGetValue("AccountName", out var accountName);
        settings.TryGetValue("AccountKey", out var accountKey);
        settings.TryGetValue("SharedAccessSignature", out var sas);
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");

        if (!string.Equals(protocol, "https", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(protocol, "http", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("DefaultEndpointsProtocol must be 'http' or 'https'.");
        }

        if (accountKey is not null && sas is not null)
        {
            throw new FormatException("A connection string cannot have both AccountKey and SharedAccessSignature.");
        }

        if (accountKey is null && sas is null)
        {
            throw new FormatException("The connection string has neither AccountKey nor SharedAccessSignature.");
        }

        byte[]? key = null;
        if (accountKey is not null)
        {
            if (string.IsNullOrEmpty(accountName))
            {
                throw new FormatException("AccountKey requires AccountName.");
            }

            try
            {
                key = Convert.FromBase64String(accountKey);
            }
            catch (FormatException)
            {
                // Deliberately without the inner exception or the value: it would echo the key.
                throw new FormatException("AccountKey is not valid Base64.");
            }
        }

        if (accountName is not null && !IsValidAccountName(accountName))
        {
            throw new FormatException("AccountName must be 3-24 lowercase letters or digits.");
        }

        var tableEndpoint = ExplicitEndpoint(settings, "TableEndpoint") ?? DefaultEndpoint(protocol, accountName, "table", suffix);
        var queueEndpoint = ExplicitEndpoint(settings, "QueueEndpoint") ?? DefaultEndpoint(protocol, accountName, "queue", suffix);
        if (tableEndpoint is null && queueEndpoint is null)
        {
            throw new FormatException("The connection string names no AccountName, TableEndpoint or QueueEndpoint.");
        }

        return new StorageConnection(
            key is null ? StorageAuthentication.SharedAccessSignature : StorageAuthentication.SharedKey,
            accountName,
            tableEndpoint,
            queueEndpoint,
            key,
            sas?.TrimStart('?'),
            null);
    }

    /// <summary>Identity-based connection: each service URI is optional, the token is a Bearer token for <see cref="TokenScope"/>.</summary>
    public static StorageConnection FromServiceUris(Uri? tableServiceUri, Uri? queueServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (tableServiceUri is null && queueServiceUri is null)
        {
            throw new ArgumentException("At least one of the table and queue service URIs is required.", nameof(tableServiceUri));
        }

        return new StorageConnection(
            StorageAuthentication.Token,
            null,
            tableServiceUri is null ? null : CheckServiceUri(tableServiceUri, nameof(tableServiceUri)),
            queueServiceUri is null ? null : CheckServiceUri(queueServiceUri, nameof(queueServiceUri)),
            null,
            null,
            credential);
    }

    /// <summary>
    /// Reads a connection the way the Azure Functions host does for <paramref name="name"/> (usually
    /// <c>AzureWebJobsStorage</c>): the setting itself as a connection string, or <c>{name}__tableServiceUri</c> /
    /// <c>__queueServiceUri</c> / <c>__accountName</c> with <c>__credential=managedidentity</c> and optional
    /// <c>__clientId</c> (otherwise <see cref="DefaultAzureCredential"/>). <paramref name="getSetting"/> is asked for
    /// both the <c>name__key</c> and the <c>name:key</c> spellings, so it can be an IConfiguration indexer.
    /// </summary>
    public static StorageConnection FromSettings(Func<string, string?> getSetting, string name = "AzureWebJobsStorage")
    {
        ArgumentNullException.ThrowIfNull(getSetting);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        string? Get(string key) =>
            NullIfBlank(getSetting(name + "__" + key)) ?? NullIfBlank(getSetting(name + ":" + key));

        var connectionString = NullIfBlank(getSetting(name));
        if (connectionString is not null)
        {
            return Parse(connectionString);
        }

        var tableUri = Get("tableServiceUri");
        var queueUri = Get("queueServiceUri");
        var accountName = Get("accountName");
        if (tableUri is null && queueUri is null && accountName is not null)
        {
            if (!IsValidAccountName(accountName))
            {
                throw new FormatException($"{name}__accountName must be 3-24 lowercase letters or digits.");
            }

            tableUri = $"https://{accountName}.table.core.windows.net";
            queueUri = $"https://{accountName}.queue.core.windows.net";
        }

        if (tableUri is null && queueUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {name} to a connection string, or {name}__tableServiceUri and " +
                $"{name}__queueServiceUri for identity-based access.");
        }

        var credentialKind = Get("credential");
        var clientId = Get("clientId");
        TokenCredential credential;
        if (string.Equals(credentialKind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            credential = clientId is null
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        else if (credentialKind is null)
        {
            credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        }
        else
        {
            throw new FormatException($"{name}__credential must be 'managedidentity' when set.");
        }

        return FromServiceUris(
            tableUri is null ? null : ParseUri(tableUri, name + "__tableServiceUri"),
            queueUri is null ? null : ParseUri(queueUri, name + "__queueServiceUri"),
            credential);
    }

    /// <summary>Builds a table service client (one pipeline; keep it for the app's lifetime).</summary>
    public TableServiceClient CreateTableServiceClient(StorageClientOptions? options = null) => new(this, options);

    /// <summary>Builds a queue service client (one pipeline; keep it for the app's lifetime).</summary>
    public QueueServiceClient CreateQueueServiceClient(StorageClientOptions? options = null) => new(this, options);

    /// <summary>Safe to log: endpoints, account name and the kind of authentication, never a key or signature.</summary>
    public override string ToString() =>
        $"StorageConnection(account={AccountName ?? "-"}, tables={TableEndpoint?.ToString() ?? "-"}, " +
        $"queues={QueueEndpoint?.ToString() ?? "-"}, auth={Authentication})";

    private static bool IsValidAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? ExplicitEndpoint(Dictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out var value) ? ParseUri(value, key) : null;

    private static Uri? DefaultEndpoint(string protocol, string? accountName, string service, string suffix) =>
        string.IsNullOrEmpty(accountName)
            ? null
            : ParseUri($"{protocol.ToLowerInvariant()}://{accountName}.{service}.{suffix}", "EndpointSuffix");

    private static Uri ParseUri(string value, string key)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{key} is not an absolute http(s) URI.");
        }

        return CheckServiceUri(uri, key);
    }

    private static Uri CheckServiceUri(Uri uri, string paramName)
    {
        if (!uri.IsAbsoluteUri || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ArgumentException($"{paramName} must be an absolute URI without a query (use SharedAccessSignature for SAS).", paramName);
        }

        // Normalise away the trailing slash so request paths can be appended with a single '/'.
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }
}
