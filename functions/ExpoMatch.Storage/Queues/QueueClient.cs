using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ExpoMatch.Storage;

/// <summary>
/// One queue. Message text is Base64(UTF-8) on the wire by default (what the Functions queue trigger reads) and
/// decoded on receive; a received message that is not valid Base64 is returned with its raw text.
/// Service errors throw <see cref="StorageRequestFailedException"/> or a typed subclass.
/// </summary>
public sealed class QueueClient
{
    internal const string ApiVersion = "2021-08-06";

    /// <summary>Pass as timeToLive for a message that never expires.</summary>
    public static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly QueueMessageEncoding _encoding;

    internal QueueClient(HttpPipeline pipeline, Uri endpoint, string queueName, QueueMessageEncoding encoding)
    {
        QueueValidation.CheckQueueName(queueName);
        _pipeline = pipeline;
        _endpoint = endpoint;
        _encoding = encoding;
        Name = queueName;
    }

    public string Name { get; }

    /// <summary>Creates the queue; false when it already exists.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync(RequestMethod.Put, Name, null, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            201 => true,
            204 or 409 => false,
            _ => throw Failure(message, "Create queue"),
        };
    }

    /// <summary>Deletes the queue and its messages; false when it did not exist.</summary>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync(RequestMethod.Delete, Name, null, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            204 => true,
            404 => false,
            _ => throw Failure(message, "Delete queue"),
        };
    }

    /// <summary>
    /// Sends a message. <paramref name="visibilityDelay"/>: hidden for this long first (0-7 days).
    /// <paramref name="timeToLive"/>: default 7 days; <see cref="NeverExpires"/> (-1 s) keeps it until deleted.
    /// </summary>
    public async Task<SendReceipt> SendMessageAsync(string messageText, TimeSpan? visibilityDelay = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var query = new List<string>();
        var ttlSeconds = -2;
        if (timeToLive is { } ttl)
        {
            ttlSeconds = ttl == NeverExpires || ttl == Timeout.InfiniteTimeSpan
                ? -1
                : QueueValidation.Seconds(ttl, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(int.MaxValue), nameof(timeToLive));
            query.Add("messagettl=" + ttlSeconds.ToString(CultureInfo.InvariantCulture));
        }

        if (visibilityDelay is { } delay)
        {
            var seconds = QueueValidation.Seconds(delay, TimeSpan.Zero, QueueValidation.MaxVisibilityTimeout, nameof(visibilityDelay));
            if (ttlSeconds > 0 && seconds >= ttlSeconds)
            {
                throw new ArgumentOutOfRangeException(nameof(visibilityDelay), delay, "visibilityDelay must be shorter than timeToLive.");
            }

            query.Add("visibilitytimeout=" + seconds.ToString(CultureInfo.InvariantCulture));
        }

        var body = MessageBody(messageText);
        var path = Name + "/messages" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
        using var message = await SendAsync(RequestMethod.Post, path, body, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 201)
        {
            throw Failure(message, "Send message");
        }

        var element = ReadMessages(message.Response).FirstOrDefault()
            ?? throw new StorageRequestFailedException(201, $"Send message on queue '{Name}': the response held no message.", null);
        return new SendReceipt(
            Text(element, "MessageId"),
            Text(element, "PopReceipt"),
            Time(element, "InsertionTime"),
            Time(element, "ExpirationTime"),
            Time(element, "TimeNextVisible"));
    }

    /// <summary>Dequeues up to <paramref name="maxMessages"/> (1-32) messages, hiding them for <paramref name="visibilityTimeout"/> (default 30 s, 1 s-7 days).</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        CheckMaxMessages(maxMessages);
        var path = $"{Name}/messages?numofmessages={maxMessages.ToString(CultureInfo.InvariantCulture)}";
        if (visibilityTimeout is { } timeout)
        {
            var seconds = QueueValidation.Seconds(timeout, TimeSpan.FromSeconds(1), QueueValidation.MaxVisibilityTimeout, nameof(visibilityTimeout));
            path += "&visibilitytimeout=" + seconds.ToString(CultureInfo.InvariantCulture);
        }

        using var message = await SendAsync(RequestMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 200)
        {
            throw Failure(message, "Receive messages");
        }

        return ReadMessages(message.Response)
            .Select(e => new QueueMessage(
                Text(e, "MessageId"),
                Text(e, "PopReceipt"),
                Decode(Text(e, "MessageText")),
                long.Parse(Text(e, "DequeueCount"), CultureInfo.InvariantCulture),
                Time(e, "InsertionTime"),
                Time(e, "ExpirationTime"),
                Time(e, "TimeNextVisible")))
            .ToList();
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> (1-32) visible messages without dequeuing them.</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        CheckMaxMessages(maxMessages);
        var path = $"{Name}/messages?peekonly=true&numofmessages={maxMessages.ToString(CultureInfo.InvariantCulture)}";
        using var message = await SendAsync(RequestMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 200)
        {
            throw Failure(message, "Peek messages");
        }

        return ReadMessages(message.Response)
            .Select(e => new PeekedMessage(
                Text(e, "MessageId"),
                Decode(Text(e, "MessageText")),
                long.Parse(Text(e, "DequeueCount"), CultureInfo.InvariantCulture),
                Time(e, "InsertionTime"),
                Time(e, "ExpirationTime")))
            .ToList();
    }

    /// <summary>
    /// Deletes a received message. False when it is already gone (deleted or expired: 404) or was dequeued again by
    /// someone else after our visibility timeout ran out (400 PopReceiptMismatch): either way it is no longer ours.
    /// </summary>
    public async Task<bool> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        QueueValidation.CheckId(messageId, nameof(messageId));
        QueueValidation.CheckId(popReceipt, nameof(popReceipt));
        var path = $"{Name}/messages/{Uri.EscapeDataString(messageId)}?popreceipt={Uri.EscapeDataString(popReceipt)}";
        using var message = await SendAsync(RequestMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            204 => true,
            404 => false,
            400 when IsPopReceiptMismatch(message) => false,
            _ => throw Failure(message, "Delete message"),
        };
    }

    /// <summary>
    /// Extends or shortens a received message's invisibility (0 s-7 days) and optionally replaces its text.
    /// Throws <see cref="StorageNotFoundException"/> when the message is gone, and
    /// <see cref="StorageRequestFailedException"/> with ErrorCode "PopReceiptMismatch" (400) when it was dequeued again
    /// since (the pop receipt is stale).
    /// </summary>
    public async Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? newMessageText = null, CancellationToken cancellationToken = default)
    {
        QueueValidation.CheckId(messageId, nameof(messageId));
        QueueValidation.CheckId(popReceipt, nameof(popReceipt));
        var seconds = QueueValidation.Seconds(visibilityTimeout, TimeSpan.Zero, QueueValidation.MaxVisibilityTimeout, nameof(visibilityTimeout));
        var body = newMessageText is null ? null : MessageBody(newMessageText);
        var path = $"{Name}/messages/{Uri.EscapeDataString(messageId)}?popreceipt={Uri.EscapeDataString(popReceipt)}" +
            $"&visibilitytimeout={seconds.ToString(CultureInfo.InvariantCulture)}";
        using var message = await SendAsync(RequestMethod.Put, path, body, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 204)
        {
            throw Failure(message, "Update message");
        }

        var headers = message.Response.Headers;
        if (!headers.TryGetValue("x-ms-popreceipt", out var newReceipt) || !headers.TryGetValue("x-ms-time-next-visible", out var nextVisible))
        {
            throw new StorageRequestFailedException(204, $"Update message on queue '{Name}': the response lacked the new pop receipt.", null);
        }

        return new UpdateReceipt(newReceipt, ParseTime(nextVisible));
    }

    /// <summary>Deletes every message in the queue.</summary>
    public async Task ClearMessagesAsync(CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync(RequestMethod.Delete, Name + "/messages", null, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 204)
        {
            throw Failure(message, "Clear messages");
        }
    }

    /// <summary>The service's approximate count of messages (visible or not); it can lag behind.</summary>
    public async Task<long> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = await SendAsync(RequestMethod.Get, Name + "?comp=metadata", null, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 200)
        {
            throw Failure(message, "Get queue properties");
        }

        return message.Response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            ? long.Parse(count, CultureInfo.InvariantCulture)
            : throw new StorageRequestFailedException(200, $"Queue '{Name}': the response lacked the message count.", null);
    }

    internal static HttpMessage CreateMessage(HttpPipeline pipeline, Uri endpoint, RequestMethod method, string pathAndQuery)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        var separator = pathAndQuery.StartsWith('?') ? string.Empty : "/";
        message.Request.Uri.Reset(new Uri(endpoint.AbsoluteUri.TrimEnd('/') + separator + pathAndQuery));
        message.Request.Headers.SetValue("x-ms-version", ApiVersion);
        return message;
    }

    /// <summary>The XML body with the encoded text; enforces the 64 KiB limit on what is actually sent.</summary>
    internal byte[] MessageBody(string messageText)
    {
        string wireText;
        if (_encoding == QueueMessageEncoding.Base64)
        {
            wireText = Convert.ToBase64String(Encoding.UTF8.GetBytes(messageText));
        }
        else
        {
            try
            {
                XmlConvert.VerifyXmlChars(messageText);
            }
            catch (XmlException)
            {
                throw new ArgumentException("The message holds characters XML cannot carry; use Base64 encoding.", nameof(messageText));
            }

            wireText = SecurityElement.Escape(messageText);
        }

        var size = Encoding.UTF8.GetByteCount(wireText);
        if (size > QueueValidation.MaxMessageBytes)
        {
            throw new ArgumentException(
                $"The message is {size} bytes after {_encoding} encoding; the limit is {QueueValidation.MaxMessageBytes}.", nameof(messageText));
        }

        return Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>{wireText}</MessageText></QueueMessage>");
    }

    internal string Decode(string wireText)
    {
        if (_encoding == QueueMessageEncoding.None)
        {
            return wireText;
        }

        var buffer = new byte[((wireText.Length * 3) + 3) / 4];
        return Convert.TryFromBase64String(wireText, buffer, out var written)
            ? Encoding.UTF8.GetString(buffer, 0, written)
            : wireText; // Not ours (or not Base64): hand it over as sent rather than failing the whole batch.
    }

    private static bool IsPopReceiptMismatch(HttpMessage message) =>
        string.Equals(StoragePipeline.ReadError(message.Response).Code, "PopReceiptMismatch", StringComparison.Ordinal);

    private static void CheckMaxMessages(int maxMessages)
    {
        if (maxMessages is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMessages), maxMessages, "maxMessages must be between 1 and 32.");
        }
    }

    private async Task<HttpMessage> SendAsync(RequestMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        var message = CreateMessage(_pipeline, _endpoint, method, path);
        try
        {
            if (body is not null)
            {
                message.Request.Headers.SetValue("Content-Type", "application/xml; charset=utf-8");
                message.Request.Content = RequestContent.Create(body);
            }

            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private static readonly XmlReaderSettings ReaderSettings = new() { IgnoreComments = true, IgnoreProcessingInstructions = true };

    /// <summary>
    /// The &lt;QueueMessage&gt; children of the response's root element, each as its child elements' texts. Streams the
    /// UTF-8 body through an XmlReader (BOM and declaration handled there) instead of decoding it to a string and
    /// building an XDocument: this runs for every send and receive (measured by the storage benchmark).
    /// </summary>
    private static List<Dictionary<string, string>> ReadMessages(Response response)
    {
        var messages = new List<Dictionary<string, string>>();
        var content = response.Content;
        if (content is null || content.ToMemory().Length == 0)
        {
            return messages;
        }

        using var reader = XmlReader.Create(content.ToStream(), ReaderSettings);
        if (reader.MoveToContent() != XmlNodeType.Element || reader.IsEmptyElement)
        {
            return messages;
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && reader.LocalName == "QueueMessage" && reader.NamespaceURI.Length == 0)
            {
                messages.Add(ReadFields(reader));
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        return messages;
    }

    /// <summary>Reads one element's child elements (first occurrence wins) and leaves the reader after its end tag.</summary>
    private static Dictionary<string, string> ReadFields(XmlReader reader)
    {
        var fields = new Dictionary<string, string>(8, StringComparer.Ordinal);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return fields;
        }

        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI.Length == 0)
            {
                var name = reader.LocalName;
                // An element's full text, as XElement.Value gives it (the service never nests elements here).
                var value = ((XElement)XNode.ReadFrom(reader)).Value;
                fields.TryAdd(name, value);
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read(); // past </QueueMessage>
        return fields;
    }

    private static string Text(Dictionary<string, string> message, string name) => message.GetValueOrDefault(name) ?? string.Empty;

    private static DateTimeOffset Time(Dictionary<string, string> message, string name)
    {
        var text = message.GetValueOrDefault(name);
        return string.IsNullOrEmpty(text) ? default : ParseTime(text);
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private StorageRequestFailedException Failure(HttpMessage message, string operation) =>
        StoragePipeline.Failure(message.Response, $"{operation} on queue '{Name}'");
}
