using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ExpoMatch.Tests.Notifications;

public sealed class SendGridWebhookTests : IDisposable
{
    private const string Body = """
        [{"email":"minh.khai@example.vn","timestamp":1795255200,"event":"processed","sg_event_id":"ev-1","sg_message_id":"fake0000000001.filter0001.1.0",
          "expomatch_message_id":"schedule.smartcity-2026.p-0042.v3","expomatch_event_id":"smartcity-2026","expomatch_participant_id":"p-0042","expomatch_schedule_version":3,"category":["schedule"]},
         {"email":"minh.khai@example.vn","timestamp":1795255260,"event":"delivered","sg_event_id":"ev-2","sg_message_id":"fake0000000001.filter0001.1.0","response":"250 OK"},
         {"email":"minh.khai@example.vn","timestamp":1795255300,"event":"deferred","sg_event_id":"ev-3","sg_message_id":"fake0000000001","attempt":"2","response":"421 try later"},
         {"email":"x@example.com","timestamp":1795255400,"event":"bounce","sg_event_id":"ev-4","sg_message_id":"fake0000000002","reason":"550 no such user","status":"5.1.1","type":"bounce"},
         {"email":"y@example.com","timestamp":1795255500,"event":"dropped","sg_event_id":"ev-5","sg_message_id":"fake0000000003","reason":"Bounced Address"},
         {"email":"minh.khai@example.vn","timestamp":1795255600,"event":"open","sg_event_id":"ev-6","sg_message_id":"fake0000000001","useragent":"Mozilla"}]
        """;

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_255_700);
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _signingKey.Dispose();

    [Fact]
    public void Verify_WhenSignedWithTheKey_IsValid()
    {
        var verifier = Verifier(_signingKey);
        var (signature, timestamp) = Sign(_signingKey, Now, Body);

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_WhenBodyTampered_IsBadSignature()
    {
        var verifier = Verifier(_signingKey);
        var (signature, timestamp) = Sign(_signingKey, Now, Body);

        var tampered = Body.Replace("\"bounce\"", "\"delivered\"", StringComparison.Ordinal);
        Assert.Equal(WebhookVerificationResult.BadSignature, verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(tampered)));
    }

    [Fact]
    public void Verify_WhenTimestampHeaderSwapped_IsBadSignature()
    {
        var verifier = Verifier(_signingKey);
        var (signature, _) = Sign(_signingKey, Now, Body);

        var other = (Now.ToUnixTimeSeconds() - 1).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(WebhookVerificationResult.BadSignature, verifier.Verify(signature, other, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_WhenSignedByAnotherKey_IsBadSignature()
    {
        var verifier = Verifier(_signingKey);
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (signature, timestamp) = Sign(attacker, Now, Body);

        Assert.Equal(WebhookVerificationResult.BadSignature, verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86400)]
    public void Verify_WhenTimestampOutsideTolerance_IsStale(int offsetSeconds)
    {
        var verifier = Verifier(_signingKey);
        var (signature, timestamp) = Sign(_signingKey, Now.AddSeconds(offsetSeconds), Body);

        Assert.Equal(WebhookVerificationResult.StaleTimestamp, verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_WhenTimestampWithinTolerance_IsValid()
    {
        var verifier = Verifier(_signingKey);
        var (signature, timestamp) = Sign(_signingKey, Now.AddSeconds(-299), Body);

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(null, "1795255700", WebhookVerificationResult.MissingHeaders)]
    [InlineData("MEUCIQ==", null, WebhookVerificationResult.MissingHeaders)]
    [InlineData("MEUCIQ==", "yesterday", WebhookVerificationResult.MalformedTimestamp)]
    [InlineData("MEUCIQ==", "-5", WebhookVerificationResult.MalformedTimestamp)]
    [InlineData("not base64!", "1795255700", WebhookVerificationResult.MalformedSignature)]
    [InlineData("AAECAwQ=", "1795255700", WebhookVerificationResult.BadSignature)]
    public void Verify_WhenHeadersMissingOrMalformed_SaysWhich(string? signature, string? timestamp, WebhookVerificationResult expected)
    {
        var verifier = Verifier(_signingKey);

        Assert.Equal(expected, verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_WhenBodyIsNotUtf8_ChecksTheExactBytesReceived()
    {
        // Why we keep our verifier: SendGrid.Helpers.EventWebhook.RequestValidator takes the body as a string and
        // re-encodes it as UTF-8, so bytes that are not UTF-8 could never verify there. SendGrid signs bytes.
        var verifier = Verifier(_signingKey);
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] body = [.. Encoding.UTF8.GetBytes("[{\"event\":\"open\",\"note\":\""), 0xFF, 0xC3, .. Encoding.UTF8.GetBytes("\"}]")];
        var signature = Convert.ToBase64String(_signingKey.SignData(
            [.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(signature, timestamp, body));
        var reencoded = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body));
        Assert.Equal(WebhookVerificationResult.BadSignature, verifier.Verify(signature, timestamp, reencoded));
    }

    [Fact]
    public void Verify_WithoutConfiguredKey_IsNotConfigured()
    {
        var verifier = new SendGridWebhookVerifier(Options.Create(new SendGridWebhookOptions()), _time);
        var (signature, timestamp) = Sign(_signingKey, Now, Body);

        Assert.Equal(WebhookVerificationResult.NotConfigured, verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void ImportPublicKey_RejectsOtherCurves()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<CryptographicException>(() => SendGridWebhookVerifier.ImportPublicKey(Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo())));
    }

    [Fact]
    public void Parse_ReadsEveryEventWithIdsAndOurCustomArgs()
    {
        var events = SendGridEventParser.Parse(Encoding.UTF8.GetBytes(Body));

        Assert.Equal(["processed", "delivered", "deferred", "bounce", "dropped", "open"], events.Select(e => e.Event));
        Assert.Equal(["ev-1", "ev-2", "ev-3", "ev-4", "ev-5", "ev-6"], events.Select(e => e.SgEventId));
        var processed = events[0];
        Assert.Equal("fake0000000001.filter0001.1.0", processed.SgMessageId);
        Assert.Equal("minh.khai@example.vn", processed.Email);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795255200), processed.Timestamp);
        Assert.Equal("schedule.smartcity-2026.p-0042.v3", processed.MessageId);
        Assert.Equal("smartcity-2026", processed.CustomArgs[EmailCustomArgs.EventId]);
        Assert.Equal("p-0042", processed.CustomArgs[EmailCustomArgs.ParticipantId]);
        Assert.Equal("3", processed.CustomArgs[EmailCustomArgs.ScheduleVersion]);
        Assert.Empty(events[1].CustomArgs);
        Assert.Equal("2", events[2].Attempt);
        Assert.Equal("421 try later", events[2].Response);
        Assert.Equal("550 no such user", events[3].Reason);
        Assert.Equal("5.1.1", events[3].Status);
        Assert.Equal("bounce", events[3].Type);
        Assert.Equal("Bounced Address", events[4].Reason);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("""[{"timestamp":1}]""")]
    [InlineData("""[{"event":"open","timestamp":"soon"}]""")]
    [InlineData("not json")]
    public void Parse_WhenNotAnEventArray_Throws(string body)
    {
        Assert.ThrowsAny<JsonException>(() => SendGridEventParser.Parse(Encoding.UTF8.GetBytes(body)));
    }

    private SendGridWebhookVerifier Verifier(ECDsa key) => new(
        Options.Create(new SendGridWebhookOptions { PublicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), TimestampTolerance = TimeSpan.FromMinutes(5) }),
        _time);

    /// <summary>What SendGrid does: sign UTF-8(timestamp) followed by the raw body, DER-encode, Base64.</summary>
    private static (string Signature, string Timestamp) Sign(ECDsa key, DateTimeOffset at, string body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(timestamp + body);
        var der = key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return (Convert.ToBase64String(der), timestamp);
    }
}
