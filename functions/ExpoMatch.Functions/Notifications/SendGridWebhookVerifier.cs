using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Notifications;

public enum WebhookVerificationResult
{
    Valid,
    NotConfigured,
    MissingHeaders,
    MalformedTimestamp,
    StaleTimestamp,
    MalformedSignature,
    BadSignature,
}

/// <summary>
/// Checks SendGrid's Signed Event Webhook: ECDSA P-256 / SHA-256 over the timestamp header followed by the raw body,
/// signature Base64 DER. Also rejects timestamps outside the tolerance so a captured request cannot be replayed later.
/// Verify against the exact bytes received: re-serialized JSON would not match.
/// </summary>
public sealed class SendGridWebhookVerifier
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    // The key bytes, not an ECDsa: ECDsa instances are not documented as thread-safe, and importing a P-256 key per
    // webhook batch costs microseconds.
    private readonly byte[]? _publicKey;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _time;

    public SendGridWebhookVerifier(IOptions<SendGridWebhookOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.PublicKey))
        {
            using var key = ImportPublicKey(settings.PublicKey);
            _publicKey = key.ExportSubjectPublicKeyInfo();
        }

        _tolerance = settings.TimestampTolerance;
        _time = time;
    }

    public static ECDsa ImportPublicKey(string base64SubjectPublicKeyInfo)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(base64SubjectPublicKeyInfo.Trim()), out _);
            if (key.KeySize != 256)
            {
                throw new CryptographicException("SendGrid signs with P-256; the configured key is another curve.");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public WebhookVerificationResult Verify(string? signature, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (_publicKey is null)
        {
            return WebhookVerificationResult.NotConfigured;
        }

        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
        {
            return WebhookVerificationResult.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return WebhookVerificationResult.MalformedTimestamp;
        }

        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > _tolerance)
        {
            return WebhookVerificationResult.StaleTimestamp;
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException)
        {
            return WebhookVerificationResult.MalformedSignature;
        }

        var timestampBytes = Encoding.UTF8.GetBytes(timestamp);
        var signed = new byte[timestampBytes.Length + body.Length];
        timestampBytes.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(timestampBytes.Length));
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_publicKey, out _);
        try
        {
            return key.VerifyData(signed, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
                ? WebhookVerificationResult.Valid
                : WebhookVerificationResult.BadSignature;
        }
        catch (CryptographicException)
        {
            // Not a DER sequence at all.
            return WebhookVerificationResult.MalformedSignature;
        }
    }
}
