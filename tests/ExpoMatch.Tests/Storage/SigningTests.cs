using Azure.Core;
using ExpoMatch.Storage;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Storage;

/// <summary>Shared-key signing: Azurite accepts our signatures and rejects a wrong key (so it really checks them).</summary>
public sealed class SigningTests
{
    private static async Task<(StorageConnection Right, StorageConnection Wrong)> ConnectionsAsync()
    {
        var azurite = await SharedAzurite.GetAsync();
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var wrong = StorageConnection.Parse(
            $"AccountName=devstoreaccount1;AccountKey={wrongKey};TableEndpoint={azurite.TableEndpoint};QueueEndpoint={azurite.QueueEndpoint}");
        return (StorageConnection.Parse(azurite.ConnectionString), wrong);
    }

    [Fact]
    public async Task TableSharedKeyLite_IsAcceptedByAzurite_AndWrongKeyIsRejected()
    {
        var (right, wrong) = await ConnectionsAsync();
        var name = UniqueNames.Table();

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => wrong.CreateTableServiceClient().GetTableClient(name).CreateIfNotExistsAsync());
        var table = right.CreateTableServiceClient().GetTableClient(name);
        Assert.True(await table.CreateIfNotExistsAsync());
        // An entity URL with escaped characters and a query with $filter exercise the canonicalized resource.
        await table.AddEntityAsync(new TableEntity("a b'c", "智慧 城市"));
        Assert.NotNull(await table.GetEntityIfExistsAsync("a b'c", "智慧 城市"));
        Assert.Single(await table.QueryAsync(TableFilter.PartitionKeyEquals("a b'c"), maxPerPage: 5).ToListAsync());
        await table.DeleteAsync();

        Assert.Equal(403, error.Status);
        // Azure says AuthenticationFailed; Azurite's table service says AuthorizationFailure.
        Assert.Contains(error.ErrorCode, new[] { "AuthenticationFailed", "AuthorizationFailure" });
    }

    [Fact]
    public async Task QueueSharedKey_IsAcceptedByAzurite_AndWrongKeyIsRejected()
    {
        var (right, wrong) = await ConnectionsAsync();
        var name = UniqueNames.Queue();

        var error = await Assert.ThrowsAsync<StorageRequestFailedException>(
            () => wrong.CreateQueueServiceClient().GetQueueClient(name).CreateIfNotExistsAsync());
        var queue = right.CreateQueueServiceClient().GetQueueClient(name);
        Assert.True(await queue.CreateIfNotExistsAsync());
        // Body (Content-Length, Content-Type) and several query parameters are part of the string to sign.
        await queue.SendMessageAsync("signed", TimeSpan.Zero, TimeSpan.FromMinutes(5));
        var message = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(10)));
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, TimeSpan.Zero, "re-signed");
        await queue.DeleteIfExistsAsync();

        Assert.Equal(403, error.Status);
        Assert.Equal("AuthenticationFailed", error.ErrorCode);
    }

    [Fact]
    public void TableCanonicalizedResource_KeepsEscapedPathAndOnlyComp()
    {
        var uri = new Uri("http://127.0.0.1:1/devstoreaccount1/t1(PartitionKey='a%20b',RowKey='c')?$filter=x&comp=list&NextRowKey=1");

        Assert.Equal(
            "/devstoreaccount1/devstoreaccount1/t1(PartitionKey='a%20b',RowKey='c')?comp=list",
            TableSharedKeyLitePolicy.CanonicalizedResource("devstoreaccount1", uri));
    }

    [Fact]
    public void QueueStringToSign_FollowsTheDocumentedLayout()
    {
        var pipeline = Azure.Core.Pipeline.HttpPipelineBuilder.Build(new StorageClientOptions());
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri("http://127.0.0.1:1/devstoreaccount1/q1/messages?visibilitytimeout=5&messagettl=-1"));
        request.Headers.SetValue("x-ms-version", "2021-08-06");
        request.Headers.SetValue("X-Ms-Date", "Sat, 21 Nov 2026 16:00:00 GMT");
        request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
        request.Content = RequestContent.Create(new byte[12]);

        var expected = "POST\n\n\n12\n\napplication/xml; charset=utf-8\n\n\n\n\n\n\n" +
            "x-ms-date:Sat, 21 Nov 2026 16:00:00 GMT\nx-ms-version:2021-08-06\n" +
            "/devstoreaccount1/devstoreaccount1/q1/messages\nmessagettl:-1\nvisibilitytimeout:5";
        Assert.Equal(expected, QueueSharedKeyPolicy.StringToSign("devstoreaccount1", request));
    }
}
