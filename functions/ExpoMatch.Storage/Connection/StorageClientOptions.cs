using Azure.Core;

namespace ExpoMatch.Storage;

/// <summary>How queue message text is put on the wire.</summary>
public enum QueueMessageEncoding
{
    /// <summary>Base64 of the UTF-8 bytes: what the Azure Functions queue trigger expects by default.</summary>
    Base64,
    /// <summary>The text as is (XML-escaped); only for queues read by tools that expect raw text.</summary>
    None,
}

/// <summary>
/// Pipeline options for the storage clients: Azure.Core's retry (408/429/5xx/network with exponential back-off;
/// other 4xx are never retried), transport and diagnostics, plus the queue message encoding.
/// </summary>
public sealed class StorageClientOptions : ClientOptions
{
    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 4;
        Retry.Delay = TimeSpan.FromMilliseconds(400);
        Retry.MaxDelay = TimeSpan.FromSeconds(20);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
    }

    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;

    /// <summary>The clock for request dates (x-ms-date) in shared-key signatures.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
