using Azure;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Tests.Reliability;

/// <summary>Which exceptions mean "storage is down, retry later" (503) and which are bugs (500).</summary>
public sealed class StorageUnavailableTests
{
    public static TheoryData<string, Exception, bool> Cases() => new()
    {
        { "no response", new RequestFailedException(0, "connection refused", new HttpRequestException("refused")), true },
        { "server busy", new RequestFailedException(503, "ServerBusy"), true },
        { "internal error", new RequestFailedException(500, "InternalError"), true },
        { "network timeout", new TaskCanceledException("exceeded the configured timeout of 00:00:03"), true },
        { "retries spent", new AggregateException(new TaskCanceledException(), new RequestFailedException(503, "busy")), true },
        { "socket", new HttpRequestException("reset", new System.Net.Sockets.SocketException(104)), true },
        { "wrapped outage", new InvalidOperationException("key ring", new RequestFailedException(503, "busy")), true },
        { "not found", new RequestFailedException(404, "ResourceNotFound"), false },
        { "conflict", new RequestFailedException(409, "EntityAlreadyExists"), false },
        { "bad request", new RequestFailedException(400, "InvalidInput"), false },
        { "our bug", new InvalidOperationException("bug"), false },
        { "a request the SDK refused to build", new RequestFailedException(0, "bad uri", new ArgumentException("uri")), false },
        { "retries with a bug among them", new AggregateException(new TaskCanceledException(), new NullReferenceException()), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_TellsOutagesFromBugs(string what, Exception exception, bool outage) =>
        Assert.True(StorageUnavailable.Is(exception, CancellationToken.None) == outage, what);

    [Fact]
    public void Is_CancellationTheCallerAskedFor_IsNoOutage()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(StorageUnavailable.Is(new TaskCanceledException(), cancelled.Token));
    }

    [Fact]
    public void Describe_NamesTypeAndStatus_NeverTheMessage()
    {
        var exception = new AggregateException(new RequestFailedException(503, "https://acct.table.core.windows.net/?sig=SECRET"));

        Assert.Equal("1 tries failed, last RequestFailedException (status 503)", StorageUnavailable.Describe(exception));
    }
}
