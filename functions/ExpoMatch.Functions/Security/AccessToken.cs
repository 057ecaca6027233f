using System.Security.Cryptography;
using System.Text;
using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Security;

/// <summary>
/// A participant's access token: <c>{eventId}.{visitor|exhibitor}.{participantId}.{secret}</c>, where the secret is
/// 256 random bits (base64url). The ids make the lookup one point read; only SHA-256 of the secret is stored, and it
/// is compared in constant time. A leaked table therefore holds nothing a client could present.
/// </summary>
public sealed record AccessToken(string EventId, ParticipantKind Kind, string ParticipantId, string Secret)
{
    public override string ToString() => $"{EventId}.{Kind.Name()}.{ParticipantId}.{Secret}";

    /// <summary>A fresh token for a new participant, and the hash to store.</summary>
    public static (AccessToken Token, string SecretHash) Issue(string eventId, ParticipantKind kind, string participantId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new AccessToken(eventId, kind, participantId, secret);
        return (token, HashSecret(secret));
    }

    public static bool TryParse(string value, out AccessToken token)
    {
        token = null!;
        var parts = value.Split('.');
        if (parts.Length != 4 || !Ids.IsValid(parts[0]) || !ParticipantKinds.TryParse(parts[1], out var kind) ||
            !Ids.IsValid(parts[2]) || parts[3].Length is < 40 or > 64)
        {
            return false;
        }

        token = new AccessToken(parts[0], kind, parts[2], parts[3]);
        return true;
    }

    /// <summary>Whether <see cref="Secret"/> matches a stored hash, in time independent of where they differ.</summary>
    public bool Matches(string storedHash)
    {
        if (storedHash.Length != 64 || !storedHash.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        var expected = Convert.FromHexString(storedHash);

        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Secret), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
