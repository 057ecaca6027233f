using Azure;
using System.Text.Json;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>Builds the one HttpPipeline a service client owns, and turns failed responses into typed exceptions.</summary>
internal static class StoragePipeline
{
    public static HttpPipeline Build(StorageConnection connection, StorageClientOptions options, bool forTables)
    {
        HttpPipelinePolicy auth = connection.Authentication switch
        {
            StorageAuthentication.SharedKey when forTables =>
                new TableSharedKeyLitePolicy(connection.AccountName!, connection.AccountKey!, options.TimeProvider),
            StorageAuthentication.SharedKey =>
                new QueueSharedKeyPolicy(connection.AccountName!, connection.AccountKey!, options.TimeProvider),
            StorageAuthentication.SharedAccessSignature => new SharedAccessSignaturePolicy(connection.SharedAccessSignature!),
            _ => new BearerTokenAuthenticationPolicy(connection.Credential!, StorageConnection.TokenScope),
        };

        // Per retry: each attempt is signed afresh (new x-ms-date). The default classifier retries 408/429/5xx and
        // network failures only.
        return HttpPipelineBuilder.Build(options, [], [auth], new ResponseClassifier());
    }

    /// <summary>Service error from a table (JSON "odata.error") or queue (XML &lt;Error&gt;) response body.</summary>
    public static StorageRequestFailedException Failure(Response response, string operation)
    {
        var (code, message) = ReadError(response);
        if (code is null && response.Headers.TryGetValue("x-ms-error-code", out var headerCode))
        {
            code = headerCode;
        }

        var text = $"{operation} failed: {response.Status} {code ?? response.ReasonPhrase}" +
            (string.IsNullOrWhiteSpace(message) ? string.Empty : $": {FirstLine(message)}");
        return StorageRequestFailedException.Create(response.Status, text, code);
    }

    internal static (string? Code, string? Message) ReadError(Response response)
    {
        var content = response.Content;
        if (content is null || content.ToMemory().Length == 0)
        {
            return (null, null);
        }

        return ParseErrorBody(content.ToString());
    }

    internal static (string? Code, string? Message) ParseErrorBody(string body)
    {
        var trimmed = body.TrimStart().TrimStart('\uFEFF');
        try
        {
            if (trimmed.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(trimmed);
                if (json.RootElement.TryGetProperty("odata.error", out var error)
                    || json.RootElement.TryGetProperty("error", out error))
                {
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    string? message = null;
                    if (error.TryGetProperty("message", out var m))
                    {
                        message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v)
                            ? v.GetString()
                            : m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    }

                    return (code, message);
                }
            }
            else if (trimmed.StartsWith('<'))
            {
                var xml = XDocument.Parse(trimmed);
                var root = xml.Root;
                var code = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
                var message = root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
                return (code, message);
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
            // An unparseable error body (a proxy's HTML page, say) still yields the status code.
        }

        return (null, null);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
