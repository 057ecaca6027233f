using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace ExpoMatch.Benchmarks.Storage;

/// <summary>
/// `storage --stub`: an in-process stand-in for the storage service that answers the benchmark's requests with canned
/// responses shaped like Azurite's, without sockets or signature checks. Both clients pay its (small, equal) cost, so
/// the difference between them is purely client-side work; on a shared 2-core machine this is far less noisy than
/// going through Azurite. It remembers the last message text sent to each queue so a receive returns it.
/// </summary>
internal sealed class StubStorageHandler : HttpMessageHandler
{
    private const string ETag = "W/\"datetime'2026-11-21T09%3A00%3A00.0000000Z'\"";
    private static readonly byte[] EntityBody = Encoding.UTF8.GetBytes(
        "{\"odata.metadata\":\"http://stub/devstoreaccount1/$metadata#t/@Element\",\"odata.etag\":\"W/\\\"datetime'2026-11-21T09%3A00%3A00.0000000Z'\\\"\"," +
        "\"PartitionKey\":\"read\",\"RowKey\":\"00000001\",\"Timestamp\":\"2026-11-21T09:00:00.0000000Z\",\"Name\":\"Đô thị thông minh\"," +
        "\"Company\":\"智慧城市\",\"Count\":1,\"When@odata.type\":\"Edm.DateTime\",\"When\":\"2026-11-21T09:00:00.0000000Z\"}");

    private readonly ConcurrentDictionary<string, string> _lastMessageText = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains("Authorization") || !request.Headers.Contains("x-ms-date"))
        {
            return new HttpResponseMessage(HttpStatusCode.Forbidden);
        }

        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method.Method;
        if (path.EndsWith("/messages", StringComparison.Ordinal))
        {
            if (method == "POST")
            {
                var body = await request.Content!.ReadAsStringAsync(cancellationToken);
                var start = body.IndexOf("<MessageText>", StringComparison.Ordinal) + "<MessageText>".Length;
                _lastMessageText[path] = body[start..body.IndexOf("</MessageText>", StringComparison.Ordinal)];
                return Xml(HttpStatusCode.Created, Message(null));
            }

            return Xml(HttpStatusCode.OK, Message(_lastMessageText.GetValueOrDefault(path, string.Empty)));
        }

        if (method == "DELETE" && path.Contains("/messages/", StringComparison.Ordinal))
        {
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }

        if (method == "POST")
        {
            var created = new HttpResponseMessage(HttpStatusCode.NoContent);
            created.Headers.TryAddWithoutValidation("ETag", ETag);
            return created;
        }

        if (method == "GET" && path.EndsWith(')'))
        {
            var found = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(EntityBody) };
            found.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json;odata=minimalmetadata;streaming=true;charset=utf-8");
            found.Headers.TryAddWithoutValidation("ETag", ETag);
            return found;
        }

        return new HttpResponseMessage(HttpStatusCode.BadRequest);
    }

    private static string Message(string? text) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><QueueMessagesList><QueueMessage>" +
        "<MessageId>7f2c1a9e-0b8d-4a51-9e3b-2d64c1f0a8b7</MessageId>" +
        "<InsertionTime>Sat, 21 Nov 2026 09:00:00 GMT</InsertionTime><ExpirationTime>Sat, 28 Nov 2026 09:00:00 GMT</ExpirationTime>" +
        "<PopReceipt>MjFOb3YyMDI2MDk6MDA6MDA=</PopReceipt><TimeNextVisible>Sat, 21 Nov 2026 09:00:30 GMT</TimeNextVisible>" +
        (text is null ? string.Empty : "<DequeueCount>1</DequeueCount><MessageText>" + text + "</MessageText>") +
        "</QueueMessage></QueueMessagesList>";

    private static HttpResponseMessage Xml(HttpStatusCode status, string xml)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml)) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/xml");
        return response;
    }
}
