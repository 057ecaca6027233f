using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>Appends the SAS token to the request query (once per attempt; it is idempotent).</summary>
internal sealed class SharedAccessSignaturePolicy(string sas) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri;
        var query = uri.Query;
        if (query.Contains(sas, StringComparison.Ordinal))
        {
            return;
        }

        uri.Query = string.IsNullOrEmpty(query) || query == "?" ? "?" + sas : query + "&" + sas;
    }
}
