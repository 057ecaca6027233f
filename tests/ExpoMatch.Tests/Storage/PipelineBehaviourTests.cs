using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using ExpoMatch.Storage;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Storage;

/// <summary>Protocol details Azurite never exercises: empty continuation pages, bearer tokens, Azure's batch error shape.</summary>
public sealed class PipelineBehaviourTests
{
    private static StorageConnection ConnectionTo(ScriptedHttpServer server) => StorageConnection.Parse(
        $"AccountName=devstoreaccount1;AccountKey={StorageConnection.DevelopmentAccountKey};" +
        $"TableEndpoint={server.BaseAddress}devstoreaccount1;QueueEndpoint={server.BaseAddress}devstoreaccount1");

    private static Dictionary<string, string> Continuation(string partition, string? row) => row is null
        ? new() { ["x-ms-continuation-NextPartitionKey"] = partition }
        : new() { ["x-ms-continuation-NextPartitionKey"] = partition, ["x-ms-continuation-NextRowKey"] = row };

    [Fact]
    public async Task Query_FollowsTokensThroughEmptyPages_AndPassesThemBack()
    {
        await using var server = await ScriptedHttpServer.StartAsync(
            new ScriptedReply(200, """{"value":[{"PartitionKey":"a","RowKey":"1","odata.etag":"W/\"1\""}]}""", Headers: Continuation("1!8!YQ--", "1!8!Mg--")),
            new ScriptedReply(200, """{"value":[]}""", Headers: Continuation("1!8!Yg--", null)),
            new ScriptedReply(200, """{"value":[{"PartitionKey":"c","RowKey":"3","Timestamp":"2026-11-21T16:00:00.1234567Z","N@odata.type":"Edm.Int64","N":"9"}]}"""));
        var table = ConnectionTo(server).CreateTableServiceClient().GetTableClient("paged");

        var entities = await table.QueryAsync(TableFilter.Create($"RowKey ne {"x"}"), maxPerPage: 1).ToListAsync();

        Assert.Equal(["a", "c"], entities.Select(e => e.PartitionKey));
        Assert.Equal("W/\"1\"", entities[0].ETag.ToString());
        Assert.Equal(9L, entities[1].GetInt64("N"));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero).AddTicks(1234567), entities[1].Timestamp);
        var paths = server.Requests.Select(r => r.PathAndQuery).ToList();
        Assert.Equal(3, paths.Count);
        Assert.DoesNotContain("NextPartitionKey", paths[0], StringComparison.Ordinal);
        Assert.Contains("NextPartitionKey=1%218%21YQ--&NextRowKey=1%218%21Mg--", paths[1], StringComparison.Ordinal);
        Assert.EndsWith("NextPartitionKey=1%218%21Yg--", paths[2], StringComparison.Ordinal);
        Assert.All(paths, p => Assert.Contains("$top=1", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BatchFailure_InAzuresResponseShape_ReportsTheIndex()
    {
        const string body =
            "--batchresponse_1\r\nContent-Type: multipart/mixed; boundary=changesetresponse_2\r\n\r\n" +
            "--changesetresponse_2\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 409 Conflict\r\nX-Content-Type-Options: nosniff\r\nDataServiceVersion: 3.0;\r\nContent-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"EntityAlreadyExists\",\"message\":{\"lang\":\"en-US\",\"value\":\"1:The specified entity already exists.\\nRequestId:x\\nTime:2026-11-21T16:00:00.0000000Z\"}}}\r\n" +
            "--changesetresponse_2--\r\n--batchresponse_1--\r\n";
        await using var server = await ScriptedHttpServer.StartAsync(new ScriptedReply(202, body, "multipart/mixed; boundary=batchresponse_1"));
        var table = ConnectionTo(server).CreateTableServiceClient().GetTableClient("batched");

        var error = await Assert.ThrowsAsync<StorageConflictException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "0")),
            new(TableTransactionActionType.Add, new TableEntity("p", "1")),
        ]));

        Assert.Equal(1, error.FailedActionIndex);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/devstoreaccount1/$batch", request.PathAndQuery);
        Assert.StartsWith("multipart/mixed; boundary=batch_", request.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCredential_SendsBearerTokenForTheStorageScope()
    {
        var handler = new RecordingHandler();
        var credential = new StorageConnectionTests.StaticTokenCredential("token-123");
        var connection = StorageConnection.FromServiceUris(
            new Uri("https://expo.table.core.windows.net"), new Uri("https://expo.queue.core.windows.net"), credential);
        var options = new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };

        await connection.CreateTableServiceClient(options).GetTableClient("tokens").CreateIfNotExistsAsync();
        await connection.CreateQueueServiceClient(options).GetQueueClient("tokens").CreateIfNotExistsAsync();

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("Bearer token-123", r.Headers.Authorization?.ToString()));
        Assert.Equal("https://expo.table.core.windows.net/Tables", handler.Requests[0].RequestUri?.AbsoluteUri);
        Assert.Equal("https://expo.queue.core.windows.net/tokens", handler.Requests[1].RequestUri?.AbsoluteUri);
        Assert.All(credential.RequestedScopes, s => Assert.Equal(["https://storage.azure.com/.default"], s));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(string.Empty, Encoding.UTF8) });
        }
    }
}
