using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>
/// Queue service SharedKey (Azurite does not accept SharedKeyLite for queues): the full string-to-sign with
/// canonicalized x-ms-* headers and every query parameter. Runs per retry so the date is fresh.
/// </summary>
internal sealed class QueueSharedKeyPolicy(string accountName, byte[] accountKey, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        var signature = TableSharedKeyLitePolicy.Sign(accountKey, StringToSign(accountName, request));
        request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{signature}");
    }

    internal static string StringToSign(string accountName, Request request)
    {
        long contentLength = 0;
        if (request.Content is not null && !request.Content.TryComputeLength(out contentLength))
        {
            throw new InvalidOperationException("Queue requests must have content of known length to be signed.");
        }

        string Header(string name) => request.Headers.TryGetValue(name, out var value) ? value : string.Empty;

        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Header("Content-Encoding")).Append('\n')
            .Append(Header("Content-Language")).Append('\n')
            .Append(contentLength == 0 ? string.Empty : contentLength.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Header("Content-MD5")).Append('\n')
            .Append(Header("Content-Type")).Append('\n')
            .Append(string.Empty).Append('\n') // Date: we send x-ms-date instead.
            .Append(Header("If-Modified-Since")).Append('\n')
            .Append(Header("If-Match")).Append('\n')
            .Append(Header("If-None-Match")).Append('\n')
            .Append(Header("If-Unmodified-Since")).Append('\n')
            .Append(Header("Range")).Append('\n');

        // Plain lists and in-place sorts rather than LINQ: this runs for every queue request (measured by the
        // storage benchmark), and a request has only a handful of x-ms-* headers and query parameters.
        var msHeaders = new List<(string Name, string Value)>(6);
        foreach (var header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                msHeaders.Add((header.Name.ToLowerInvariant(), header.Value.Trim()));
            }
        }

        msHeaders.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        var uri = request.Uri.ToUri();
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        if (uri.Query.Length > 1)
        {
            // Sorted by name, then value, so repeated names end up adjacent with their values in order.
            var parameters = new List<(string Name, string Value)>(4);
            foreach (var (name, value) in QueryParameters.Parse(uri.Query))
            {
                parameters.Add((name.ToLowerInvariant(), value));
            }

            parameters.Sort(static (a, b) =>
            {
                var byName = string.CompareOrdinal(a.Name, b.Name);
                return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
            });
            for (var i = 0; i < parameters.Count; i++)
            {
                var (name, value) = parameters[i];
                if (i > 0 && parameters[i - 1].Name == name)
                {
                    builder.Append(',').Append(value);
                }
                else
                {
                    builder.Append('\n').Append(name).Append(':').Append(value);
                }
            }
        }

        return builder.ToString();
    }
}
