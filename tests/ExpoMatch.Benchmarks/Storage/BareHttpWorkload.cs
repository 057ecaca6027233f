using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace ExpoMatch.Benchmarks.Storage;

/// <summary>
/// The baseline: one HttpClient that builds and signs the same operations the Azure SDK clients perform (same URLs and
/// JSON/XML bodies, the x-ms-client-request-id / User-Agent headers Azure.Core adds), with its own inline SharedKeyLite
/// (tables) and SharedKey (queues) signing and no pipeline: no retries, no diagnostics. It parses each response as far as a caller needs: the ETag, the JSON
/// document of a point read, and MessageId/PopReceipt/MessageText of a queue message.
/// </summary>
internal sealed class BareHttpWorkload : StorageWorkload, IDisposable
{
    private const string TableVersion = "2019-02-02";
    private const string QueueVersion = "2021-08-06";
    private const string XmlContentType = "application/xml; charset=utf-8";
    private const string NameProperty = "Name"; // a constant: CA1507 mistakes the literal for our Name property
    private const string UserAgent = "azsdk-net-Data.Tables/12.13.0 (.NET 10.0; Linux)";

    private readonly HttpClient _http;

    private static SocketsHttpHandler SocketsHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        // Node (Azurite) closes idle keep-alive connections after 5 s; dropping ours first avoids sending on a
        // connection the server is closing (the SDK clients would retry that; this baseline has no retry).
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
    };

    private readonly string _account;
    private readonly byte[] _key;
    private readonly string _tableUrl;
    private readonly string _tableEntityBase;
    private readonly string[] _queueMessagesUrls;

    /// <param name="handler">null: real sockets; otherwise e.g. the <see cref="StubStorageHandler"/>.</param>
    public BareHttpWorkload(string account, string base64Key, Uri tableEndpoint, string tableName, Uri queueEndpoint, string queuePrefix, int maxCallers, HttpMessageHandler? handler)
    {
        _http = handler is null ? new HttpClient(SocketsHandler()) : new HttpClient(handler, disposeHandler: false);
        _account = account;
        _key = Convert.FromBase64String(base64Key);
        var tables = tableEndpoint.AbsoluteUri.TrimEnd('/');
        _tableUrl = tables + "/" + tableName;
        _tableEntityBase = _tableUrl + "(PartitionKey='" + Uri.EscapeDataString(BenchData.ReadPartition) + "',RowKey='";
        var queues = queueEndpoint.AbsoluteUri.TrimEnd('/');
        _queueMessagesUrls = Enumerable.Range(0, maxCallers)
            .Select(i => queues + "/" + BenchData.QueueName(queuePrefix, i) + "/messages")
            .ToArray();
    }

    public override string Name => "bare";

    public void Dispose() => _http.Dispose();

    public override async Task InsertAsync(string rowKey, int count, CancellationToken cancellationToken)
    {
        using var request = TableRequest(HttpMethod.Post, new Uri(_tableUrl));
        request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
        request.Content = new ByteArrayContent(EntityJson(rowKey, count));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent || response.Headers.ETag is null)
        {
            throw new InvalidOperationException($"bare: insert {rowKey} answered {(int)response.StatusCode}.");
        }
    }

    public override async Task ReadAsync(string rowKey, CancellationToken cancellationToken)
    {
        var key = Uri.EscapeDataString(rowKey.Replace("'", "''", StringComparison.Ordinal));
        using var request = TableRequest(HttpMethod.Get, new Uri(_tableEntityBase + key + "')"));
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        using var json = JsonDocument.Parse(body);
        if (response.StatusCode != HttpStatusCode.OK || response.Headers.ETag is null
            || json.RootElement.GetProperty(NameProperty).GetString() is null)
        {
            throw new InvalidOperationException($"bare: read {rowKey} answered {(int)response.StatusCode}.");
        }
    }

    public override async Task QueueCycleAsync(int caller, string text, CancellationToken cancellationToken)
    {
        var messagesUrl = _queueMessagesUrls[caller];

        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>" +
            Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "</MessageText></QueueMessage>");
        using (var send = QueueRequest(HttpMethod.Post, new Uri(messagesUrl), body, null))
        using (var sent = await _http.SendAsync(send, cancellationToken))
        {
            var (id, _, _) = ReadMessage(await sent.Content.ReadAsByteArrayAsync(cancellationToken));
            if (sent.StatusCode != HttpStatusCode.Created || id is null)
            {
                throw new InvalidOperationException($"bare: send answered {(int)sent.StatusCode}.");
            }
        }

        string messageId;
        string popReceipt;
        using (var receive = QueueRequest(HttpMethod.Get, new Uri(messagesUrl + "?numofmessages=1"), null, "\nnumofmessages:1"))
        using (var received = await _http.SendAsync(receive, cancellationToken))
        {
            var (id, pop, wireText) = ReadMessage(await received.Content.ReadAsByteArrayAsync(cancellationToken));
            if (received.StatusCode != HttpStatusCode.OK || id is null || pop is null || wireText is null
                || Encoding.UTF8.GetString(Convert.FromBase64String(wireText)) != text)
            {
                throw new InvalidOperationException($"bare: receive answered {(int)received.StatusCode} without the message sent.");
            }

            (messageId, popReceipt) = (id, pop);
        }

        var deleteUrl = messagesUrl + "/" + Uri.EscapeDataString(messageId) + "?popreceipt=" + Uri.EscapeDataString(popReceipt);
        using var delete = QueueRequest(HttpMethod.Delete, new Uri(deleteUrl), null, "\npopreceipt:" + popReceipt);
        using var deleted = await _http.SendAsync(delete, cancellationToken);
        if (deleted.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"bare: delete answered {(int)deleted.StatusCode}.");
        }
    }

    private static string Date() => TimeProvider.System.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);

    private string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    // SharedKeyLite for tables: date + "\n" + "/{account}{path}" (no query parameter but comp is signed).
    private HttpRequestMessage TableRequest(HttpMethod method, Uri uri)
    {
        var date = Date();
        var request = new HttpRequestMessage(method, uri);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("x-ms-version", TableVersion);
        headers.TryAddWithoutValidation("DataServiceVersion", "3.0");
        headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
        headers.TryAddWithoutValidation("Accept", "application/json;odata=minimalmetadata");
        headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
        headers.TryAddWithoutValidation("x-ms-return-client-request-id", "true");
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        headers.TryAddWithoutValidation("x-ms-date", date);
        headers.TryAddWithoutValidation("Authorization",
            "SharedKeyLite " + _account + ":" + Sign(date + "\n/" + _account + uri.AbsolutePath));
        return request;
    }

    // SharedKey for queues: the full string-to-sign; the x-ms-* headers below are already in sorted order.
    private HttpRequestMessage QueueRequest(HttpMethod method, Uri uri, byte[]? body, string? canonicalizedQuery)
    {
        var date = Date();
        var requestId = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(method, uri);
        var headers = request.Headers;
        headers.TryAddWithoutValidation("x-ms-version", QueueVersion);
        headers.TryAddWithoutValidation("x-ms-client-request-id", requestId);
        headers.TryAddWithoutValidation("x-ms-return-client-request-id", "true");
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        headers.TryAddWithoutValidation("x-ms-date", date);
        var length = string.Empty;
        var contentType = string.Empty;
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", XmlContentType);
            length = body.Length.ToString(CultureInfo.InvariantCulture);
            contentType = XmlContentType;
        }

        var stringToSign = method.Method + "\n\n\n" + length + "\n\n" + contentType + "\n\n\n\n\n\n\n" +
            "x-ms-client-request-id:" + requestId + "\nx-ms-date:" + date + "\nx-ms-return-client-request-id:true\nx-ms-version:" + QueueVersion + "\n" +
            "/" + _account + uri.AbsolutePath + canonicalizedQuery;
        headers.TryAddWithoutValidation("Authorization", "SharedKey " + _account + ":" + Sign(stringToSign));
        return request;
    }

    private byte[] EntityJson(string rowKey, int count)
    {
        // The same writer and defaults as our serializer, so the bytes on the wire are identical.
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", BenchData.InsertPartition);
            writer.WriteString("RowKey", rowKey);
            writer.WriteString(NameProperty, "Đô thị thông minh");
            writer.WriteString("Company", "智慧城市");
            writer.WriteNumber("Count", count);
            writer.WriteString("When@odata.type", "Edm.DateTime");
            writer.WriteString("When", BenchData.When.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static (string? Id, string? PopReceipt, string? Text) ReadMessage(byte[] xml)
    {
        string? id = null, pop = null, text = null;
        using var reader = XmlReader.Create(new MemoryStream(xml));
        // ReadElementContentAsString already moves to the next node, so only Read() when nothing was consumed.
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Name is "MessageId" or "PopReceipt" or "MessageText")
            {
                var name = reader.Name;
                var value = reader.ReadElementContentAsString();
                _ = name switch
                {
                    "MessageId" => id = value,
                    "PopReceipt" => pop = value,
                    _ => text = value,
                };
            }
            else
            {
                reader.Read();
            }
        }

        return (id, pop, text);
    }
}
