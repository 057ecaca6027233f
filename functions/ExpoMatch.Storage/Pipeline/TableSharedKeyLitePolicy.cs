using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>
/// Table service SharedKeyLite: HMAC-SHA256 over "x-ms-date\n/{account}{path}[?comp=..]". Runs per retry so each
/// attempt carries a fresh date (the service rejects requests more than 15 minutes old).
/// </summary>
internal sealed class TableSharedKeyLitePolicy(string accountName, byte[] accountKey, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);
        var uri = message.Request.Uri.ToUri();
        var stringToSign = date + "\n" + CanonicalizedResource(accountName, uri);
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {accountName}:{Sign(accountKey, stringToSign)}");
    }

    internal static string CanonicalizedResource(string accountName, Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        var query = uri.Query;
        if (!query.Contains("comp", StringComparison.OrdinalIgnoreCase))
        {
            return resource; // The common case (entity reads and writes): nothing in the query is signed.
        }

        foreach (var (name, value) in QueryParameters.Parse(query))
        {
            if (string.Equals(name, "comp", StringComparison.OrdinalIgnoreCase))
            {
                return resource + "?comp=" + value;
            }
        }

        return resource;
    }

    internal static string Sign(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
}
