using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;

namespace ExpoMatch.LocalHost.Timers;

/// <summary>The schedule monitor's record of a timer, kept in `azure-webjobs-hosts/timers/{hostId}/{functionId}/status` as the real host does.</summary>
public sealed record TimerStatus(DateTime Last, DateTime Next, DateTime LastUpdated)
{
    public static string BlobName(string hostId, string hostFunctionId) => $"timers/{hostId}/{hostFunctionId}/status";

    public static async Task<TimerStatus?> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return JsonSerializer.Deserialize<TimerStatus>(content.Value.Content.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task WriteAsync(BlobClient blob, CancellationToken cancellationToken) =>
        blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(this)), overwrite: true, cancellationToken);
}
