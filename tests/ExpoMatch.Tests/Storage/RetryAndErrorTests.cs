using ExpoMatch.Storage;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Storage;

/// <summary>Retry policy and error mapping through the real transport against a scripted local HTTP server.</summary>
public sealed class RetryAndErrorTests
{
    private const string TableBusy = """{"odata.error":{"code":"ServerBusy","message":{"lang":"en-US","value":"The server is busy."}}}""";
    private const string QueueBusy = """<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>Busy.</Message></Error>""";

    private static StorageClientOptions FastRetries()
    {
        var options = new StorageClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxRetries = 3;
        return options;
    }

    private static StorageConnection ConnectionTo(ScriptedHttpServer server) => StorageConnection.Parse(
        $"AccountName=devstoreaccount1;AccountKey={StorageConnection.DevelopmentAccountKey};" +
        $"TableEndpoint={server.BaseAddress}devstoreaccount1;QueueEndpoint={server.BaseAddress}devstoreaccount1");

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(408)]
    public async Task TransientStatus_IsRetried_ThenSucceeds_SignedAfreshEachTime(int status)
    {
        await using var server = await ScriptedHttpServer.StartAsync(
            new ScriptedReply(status, TableBusy),
            new ScriptedReply(status, TableBusy),
            new ScriptedReply(204));
        var table = ConnectionTo(server).CreateTableServiceClient(FastRetries()).GetTableClient("retried");

        Assert.True(await table.CreateIfNotExistsAsync());

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.StartsWith("SharedKeyLite devstoreaccount1:", r.Headers["Authorization"], StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.True(r.Headers.ContainsKey("x-ms-date")));
    }

    [Fact]
    public async Task PersistentServerError_GivesUpAfterMaxRetries_WithServiceCode()
    {
        await using var server = await ScriptedHttpServer.StartAsync(new ScriptedReply(503, QueueBusy, "application/xml"));
        var queue = ConnectionTo(server).CreateQueueServiceClient(FastRetries()).GetQueueClient("busy");

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(() => queue.SendMessageAsync("x"));

        Assert.Equal(503, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal(4, server.Requests.Count);
    }

    [Theory]
    [InlineData(400, "InvalidInput", typeof(StorageRequestFailedException))]
    [InlineData(403, "AuthenticationFailed", typeof(StorageRequestFailedException))]
    [InlineData(404, "TableNotFound", typeof(StorageNotFoundException))]
    [InlineData(409, "EntityAlreadyExists", typeof(StorageConflictException))]
    [InlineData(412, "UpdateConditionNotSatisfied", typeof(StoragePreconditionFailedException))]
    public async Task ClientError_IsNotRetried_AndMapsToTypedException(int status, string code, Type expected)
    {
        var body = "{\"odata.error\":{\"code\":\"" + code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"Nope.\\nRequestId:1\"}}}";
        await using var server = await ScriptedHttpServer.StartAsync(new ScriptedReply(status, body));
        var table = ConnectionTo(server).CreateTableServiceClient(FastRetries()).GetTableClient("clienterr");

        var error = await Assert.ThrowsAnyAsync<StorageRequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r"), Azure.ETag.All));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.ErrorCode);
        Assert.Single(server.Requests);
        Assert.DoesNotContain(StorageConnection.DevelopmentAccountKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworkFailure_IsRetried()
    {
        // A port nobody listens on: every attempt fails to connect, and the pipeline retries each one.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var connection = StorageConnection.Parse(
            $"AccountName=devstoreaccount1;AccountKey={StorageConnection.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1");
        var options = FastRetries();
        var attempts = 0;
        options.AddPolicy(new CountingPolicy(() => Interlocked.Increment(ref attempts)), Azure.Core.HttpPipelinePosition.PerRetry);

        await Assert.ThrowsAsync<AggregateException>(() => connection.CreateTableServiceClient(options).GetTableClient("down").CreateIfNotExistsAsync());

        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task SharedAccessSignature_IsAppendedToEveryRequest_WithoutAuthorizationHeader()
    {
        await using var server = await ScriptedHttpServer.StartAsync(new ScriptedReply(204));
        var connection = StorageConnection.Parse($"TableEndpoint={server.BaseAddress}acct;SharedAccessSignature=?sv=2019-02-02&sig=abc%2Bdef");

        await connection.CreateTableServiceClient(FastRetries()).GetTableClient("sastable").CreateIfNotExistsAsync();

        var request = Assert.Single(server.Requests);
        Assert.EndsWith("sv=2019-02-02&sig=abc%2Bdef", request.PathAndQuery, StringComparison.Ordinal);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task TableSignature_UsesTheConfiguredClock_AndTheDocumentedStringToSign()
    {
        await using var server = await ScriptedHttpServer.StartAsync(new ScriptedReply(204));
        var options = FastRetries();
        options.TimeProvider = new FixedTimeProvider(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero));

        await ConnectionTo(server).CreateTableServiceClient(options).GetTableClient("clocked").CreateIfNotExistsAsync();

        var request = Assert.Single(server.Requests);
        const string date = "Sat, 21 Nov 2026 16:00:00 GMT";
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Convert.FromBase64String(StorageConnection.DevelopmentAccountKey),
            System.Text.Encoding.UTF8.GetBytes(date + "\n/devstoreaccount1/devstoreaccount1/Tables")));
        Assert.Equal(date, request.Headers["x-ms-date"]);
        Assert.Equal("SharedKeyLite devstoreaccount1:" + expected, request.Headers["Authorization"]);
        Assert.Equal("2019-02-02", request.Headers["x-ms-version"]);
        Assert.Equal("application/json;odata=minimalmetadata", request.Headers["Accept"]);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class CountingPolicy(Action onSend) : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(Azure.Core.HttpMessage message) => onSend();
    }
}
