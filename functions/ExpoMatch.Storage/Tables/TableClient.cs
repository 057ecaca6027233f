using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>
/// One table. Every method validates its input before sending, throws <see cref="StorageRequestFailedException"/>
/// (or a typed subclass) for service errors, and relies on the pipeline for retries (408/429/5xx/network).
/// Note that a retried create can report <see cref="StorageConflictException"/> when the first attempt did land:
/// callers that need insert-if-absent semantics should treat the conflict as "already there".
/// </summary>
public sealed class TableClient
{
    internal const string ApiVersion = "2019-02-02";
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    internal TableClient(HttpPipeline pipeline, Uri endpoint, string tableName)
    {
        TableValidation.CheckTableName(tableName);
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = tableName;
    }

    public string Name { get; }

    /// <summary>Creates the table; returns false when it already exists.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(_pipeline, _endpoint, RequestMethod.Post, "Tables");
        SetJsonContent(message, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            201 or 204 => true,
            409 => false,
            _ => throw Failure(message, "Create table"),
        };
    }

    /// <summary>Deletes the table; returns false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(_pipeline, _endpoint, RequestMethod.Delete, $"Tables('{Name}')");
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw Failure(message, "Delete table"),
        };
    }

    /// <summary>Inserts a new entity; throws <see cref="StorageConflictException"/> (EntityAlreadyExists) if the keys exist.</summary>
    /// <returns>The new entity's ETag.</returns>
    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        TableValidation.CheckEntity(entity);
        using var message = CreateMessage(_pipeline, _endpoint, RequestMethod.Post, Name);
        SetJsonContent(message, TableEntityJson.Serialize(entity));
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response.Status is 201 or 204 ? ReadETag(message) : throw Failure(message, "Add entity");
    }

    /// <summary>Inserts or updates regardless of version (merge keeps properties the entity lacks; replace drops them).</summary>
    /// <returns>The entity's new ETag.</returns>
    public async Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        TableValidation.CheckEntity(entity);
        using var message = CreateEntityWrite(entity, mode, ifMatch: null);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response.Status == 204 ? ReadETag(message) : throw Failure(message, "Upsert entity");
    }

    /// <summary>
    /// Updates an existing entity if its ETag still equals <paramref name="ifMatch"/> (<see cref="ETag.All"/> or default:
    /// any version). Throws <see cref="StoragePreconditionFailedException"/> when someone else wrote first and
    /// <see cref="StorageNotFoundException"/> when the entity does not exist.
    /// </summary>
    /// <returns>The entity's new ETag.</returns>
    public async Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        TableValidation.CheckEntity(entity);
        using var message = CreateEntityWrite(entity, mode, IfMatchValue(ifMatch));
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response.Status == 204 ? ReadETag(message) : throw Failure(message, "Update entity");
    }

    /// <summary>
    /// Deletes an entity if its ETag matches (default: any version). Returns false when the entity does not exist
    /// (deleting is idempotent); throws <see cref="StoragePreconditionFailedException"/> when the ETag is stale.
    /// </summary>
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableValidation.CheckKey(partitionKey, nameof(partitionKey));
        TableValidation.CheckKey(rowKey, nameof(rowKey));
        using var message = CreateMessage(_pipeline, _endpoint, RequestMethod.Delete, EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", IfMatchValue(ifMatch));
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw Failure(message, "Delete entity"),
        };
    }

    /// <summary>Point read; null when the entity (or the table) does not exist.</summary>
    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        TableValidation.CheckKey(partitionKey, nameof(partitionKey));
        TableValidation.CheckKey(rowKey, nameof(rowKey));
        var selectList = SelectList(select);
        var path = EntityPath(Name, partitionKey, rowKey) + (selectList is null ? string.Empty : "?$select=" + selectList);
        using var message = CreateMessage(_pipeline, _endpoint, RequestMethod.Get, path);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 404)
        {
            return null;
        }

        if (message.Response.Status != 200)
        {
            throw Failure(message, "Get entity");
        }

        using var json = JsonDocument.Parse(message.Response.Content.ToMemory());
        return TableEntityJson.Deserialize(json.RootElement, ReadETag(message));
    }

    /// <summary>
    /// Streams every entity matching <paramref name="filter"/> (build it with <see cref="TableFilter"/>; null = all),
    /// following continuation tokens across pages, including empty pages that still carry a token.
    /// </summary>
    /// <param name="select">Properties to return (null = all).</param>
    /// <param name="maxPerPage">Page size, 1-1000 (null = the service's maximum).</param>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        int? maxPerPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (maxPerPage is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "maxPerPage must be between 1 and 1000.");
        }

        var parameters = new List<string>();
        if (!string.IsNullOrWhiteSpace(filter))
        {
            parameters.Add("$filter=" + Uri.EscapeDataString(filter));
        }

        var selectList = SelectList(select);
        if (selectList is not null)
        {
            parameters.Add("$select=" + selectList);
        }

        if (maxPerPage is not null)
        {
            parameters.Add("$top=" + maxPerPage.Value.ToString(CultureInfo.InvariantCulture));
        }

        string? nextPartitionKey = null;
        string? nextRowKey = null;
        do
        {
            var pageParameters = new List<string>(parameters);
            if (nextPartitionKey is not null)
            {
                pageParameters.Add("NextPartitionKey=" + Uri.EscapeDataString(nextPartitionKey));
                if (nextRowKey is not null)
                {
                    pageParameters.Add("NextRowKey=" + Uri.EscapeDataString(nextRowKey));
                }
            }

            var path = Name + "()" + (pageParameters.Count == 0 ? string.Empty : "?" + string.Join('&', pageParameters));

            List<TableEntity> page;
            using (var message = CreateMessage(_pipeline, _endpoint, RequestMethod.Get, path))
            {
                await SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (message.Response.Status != 200)
                {
                    throw Failure(message, "Query entities");
                }

                page = ReadPage(message.Response);
                message.Response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out nextPartitionKey);
                message.Response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out nextRowKey);
                nextPartitionKey = string.IsNullOrEmpty(nextPartitionKey) ? null : nextPartitionKey;
            }

            foreach (var entity in page)
            {
                yield return entity;
            }
        }
        while (nextPartitionKey is not null);
    }

    /// <summary>
    /// Runs up to 100 actions on one partition as an entity group transaction: all apply or none. On failure throws
    /// the typed exception for the failing action's status with <see cref="StorageRequestFailedException.FailedActionIndex"/> set.
    /// </summary>
    public async Task<IReadOnlyList<TableTransactionResult>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions.ToList();
        var batch = TableTransactionBody.Build(_endpoint, Name, list);
        using var message = CreateMessage(_pipeline, _endpoint, RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue("Content-Type", "multipart/mixed; boundary=" + batch.Boundary);
        message.Request.Content = RequestContent.Create(batch.Body);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 202)
        {
            throw Failure(message, "Submit transaction");
        }

        return TableTransactionBody.ParseResponse(message.Response, list.Count);
    }

    internal static HttpMessage CreateMessage(HttpPipeline pipeline, Uri endpoint, RequestMethod method, string pathAndQuery)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery));
        request.Headers.SetValue("x-ms-version", ApiVersion);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.SetValue("Accept", "application/json;odata=minimalmetadata");
        return message;
    }

    /// <summary>"table(PartitionKey='..',RowKey='..')" with quotes doubled, then percent-encoded.</summary>
    internal static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    internal static string IfMatchValue(ETag ifMatch) =>
        ifMatch == default || ifMatch == ETag.All ? "*" : ifMatch.ToString();

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private HttpMessage CreateEntityWrite(TableEntity entity, TableUpdateMode mode, string? ifMatch)
    {
        var method = mode switch
        {
            TableUpdateMode.Merge => Merge,
            TableUpdateMode.Replace => RequestMethod.Put,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown update mode."),
        };
        var message = CreateMessage(_pipeline, _endpoint, method, EntityPath(Name, entity.PartitionKey, entity.RowKey));
        SetJsonContent(message, TableEntityJson.Serialize(entity));
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        return message;
    }

    /// <summary>The escaped $select value, or null for "all properties".</summary>
    private static string? SelectList(IEnumerable<string>? select)
    {
        if (select is null)
        {
            return null;
        }

        var names = select.ToList();
        foreach (var name in names)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp"))
            {
                TableValidation.CheckPropertyName(name);
            }
        }

        return names.Count == 0 ? null : Uri.EscapeDataString(string.Join(',', names));
    }

    private static List<TableEntity> ReadPage(Response response)
    {
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var entities = new List<TableEntity>();
        if (json.RootElement.TryGetProperty("value", out var values))
        {
            foreach (var element in values.EnumerateArray())
            {
                entities.Add(TableEntityJson.Deserialize(element));
            }
        }

        return entities;
    }

    private static void SetJsonContent(HttpMessage message, byte[] body)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(body);
    }

    private static ETag ReadETag(HttpMessage message) =>
        message.Response.Headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default;

    private async ValueTask SendAsync(HttpMessage message, CancellationToken cancellationToken) =>
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);

    private StorageRequestFailedException Failure(HttpMessage message, string operation) =>
        StoragePipeline.Failure(message.Response, $"{operation} on table '{Name}'");
}
