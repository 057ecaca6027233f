using System.Text;
using Azure.Storage.Queues;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.StorageBehaviour;

/// <summary>Queue messages as the app writes them: Base64 of UTF-8 on the wire (what the Functions queue trigger reads).</summary>
public sealed class QueueMessageTests : StorageTestBase
{
    [Theory]
    [MemberData(nameof(TableInvariantTests.UnicodeTexts), MemberType = typeof(TableInvariantTests))]
    [InlineData("<xml attr=\"1\">&amp; ]]> \u0001</xml>")]
    public async Task UnicodeAndMarkup_RoundTrip_AsBase64Utf8OnTheWire(string text)
    {
        await Queue.SendMessageAsync(text);

        var raw = (await SharedAzurite.GetQueuesAsync(QueueMessageEncoding.None)).GetQueueClient(Queue.Name);
        var onTheWire = (await raw.PeekMessagesAsync()).Value.Single().Body.ToString();
        var received = (await Queue.ReceiveMessagesAsync()).Value.Single();

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), onTheWire);
        Assert.Equal(text, received.Body.ToString());
    }
}
