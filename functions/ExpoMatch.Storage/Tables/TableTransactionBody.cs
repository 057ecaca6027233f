using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;

namespace ExpoMatch.Storage;

/// <summary>
/// The multipart/mixed body of an entity group transaction (one batch holding one changeset) and its response.
/// Each part carries an absolute request URL and a single-line JSON body, which Azurite's parser requires.
/// </summary>
internal static partial class TableTransactionBody
{
    public const int MaxActions = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public sealed record Batch(string Boundary, byte[] Body);

    public static Batch Build(Uri endpoint, string table, IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1-{MaxActions} actions; got {actions.Count}.", nameof(actions));
        }

        var partitionKey = actions[0].Entity?.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Action {i} is null.", nameof(actions));
            TableValidation.CheckEntity(action.Entity, nameof(actions));
            if (!string.Equals(action.Entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Action {i}: every action of a transaction must use the same PartitionKey.", nameof(actions));
            }

            if (!rowKeys.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"Action {i}: an entity may appear only once in a transaction.", nameof(actions));
            }
        }

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("D");
        var tableUrl = endpoint.AbsoluteUri.TrimEnd('/') + "/" + table;
        var body = new StringBuilder();
        body.Append("--").Append(batchBoundary).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        foreach (var action in actions)
        {
            AppendPart(body, changesetBoundary, tableUrl, table, action);
        }

        body.Append("--").Append(changesetBoundary).Append("--\r\n")
            .Append("--").Append(batchBoundary).Append("--\r\n");

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        if (bytes.Length > MaxBodyBytes)
        {
            throw new ArgumentException($"The transaction body is {bytes.Length} bytes; the limit is 4 MiB.", nameof(actions));
        }

        return new Batch(batchBoundary, bytes);
    }

    private static void AppendPart(StringBuilder body, string boundary, string tableUrl, string table, TableTransactionAction action)
    {
        var entity = action.Entity;
        var entityUrl = tableUrl + TableClient.EntityPath(table, entity.PartitionKey, entity.RowKey)[table.Length..];
        var (method, url, ifMatch, hasBody) = action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", tableUrl, null, true),
            TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, TableClient.IfMatchValue(action.ETag), true),
            TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, TableClient.IfMatchValue(action.ETag), true),
            TableTransactionActionType.Delete => ("DELETE", entityUrl, TableClient.IfMatchValue(action.ETag), false),
            TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, (string?)null, true),
            TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, (string?)null, true),
            _ => throw new ArgumentException($"Unknown action type {action.ActionType}.", nameof(action)),
        };

        body.Append("--").Append(boundary).Append("\r\n")
            .Append("Content-Type: application/http\r\n")
            .Append("Content-Transfer-Encoding: binary\r\n\r\n")
            .Append(method).Append(' ').Append(url).Append(" HTTP/1.1\r\n")
            .Append("Accept: application/json;odata=minimalmetadata\r\n")
            .Append("DataServiceVersion: 3.0\r\n");
        if (method == "POST")
        {
            body.Append("Prefer: return-no-content\r\n");
        }

        if (ifMatch is not null)
        {
            body.Append("If-Match: ").Append(ifMatch).Append("\r\n");
        }

        if (hasBody)
        {
            body.Append("Content-Type: application/json\r\n\r\n")
                .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(entity))).Append("\r\n");
        }
        else
        {
            body.Append("\r\n");
        }
    }

    [GeneratedRegex(@"^HTTP/1\.[01] (\d{3})", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^ETag:\s*(.+?)\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ETagHeader();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();

    /// <summary>Reads the 202 multipart response: per-action statuses and ETags, or the failing action as an exception.</summary>
    public static IReadOnlyList<TableTransactionResult> ParseResponse(Response response, int actionCount)
    {
        var text = response.Content.ToString();
        var statuses = StatusLine().Matches(text);
        for (var i = 0; i < statuses.Count; i++)
        {
            var status = int.Parse(statuses[i].Groups[1].Value, CultureInfo.InvariantCulture);
            if (status < 300)
            {
                continue;
            }

            // The error part's body is the JSON odata.error; its message starts with "{index}:".
            var partEnd = i + 1 < statuses.Count ? statuses[i + 1].Index : text.Length;
            var part = text[statuses[i].Index..partEnd];
            var jsonStart = part.IndexOf('{', StringComparison.Ordinal);
            var jsonEnd = part.LastIndexOf('}');
            var (code, message) = jsonStart >= 0 && jsonEnd > jsonStart
                ? StoragePipeline.ParseErrorBody(part[jsonStart..(jsonEnd + 1)])
                : (null, null);
            int? index = null;
            var prefix = message is null ? null : IndexPrefix().Match(message);
            if (prefix is { Success: true })
            {
                index = int.Parse(prefix.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (actionCount == 1)
            {
                index = 0;
            }

            var detail = message is null ? string.Empty : ": " + message;
            throw StorageRequestFailedException.Create(
                status,
                $"Transaction failed at action {(index?.ToString(CultureInfo.InvariantCulture) ?? "?")}: {status} {code}{detail}",
                code,
                index);
        }

        if (statuses.Count != actionCount)
        {
            throw new StorageRequestFailedException(
                response.Status, $"Transaction response has {statuses.Count} parts for {actionCount} actions.", null);
        }

        var results = new List<TableTransactionResult>(actionCount);
        for (var i = 0; i < statuses.Count; i++)
        {
            var partEnd = i + 1 < statuses.Count ? statuses[i + 1].Index : text.Length;
            var etag = ETagHeader().Match(text, statuses[i].Index, partEnd - statuses[i].Index);
            results.Add(new TableTransactionResult(
                i,
                int.Parse(statuses[i].Groups[1].Value, CultureInfo.InvariantCulture),
                etag.Success ? new ETag(etag.Groups[1].Value) : null));
        }

        return results;
    }
}
