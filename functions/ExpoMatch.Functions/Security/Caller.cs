using System.Security.Cryptography;
using System.Text;
using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Security;

/// <summary>Who is calling, once the bearer credential has been checked.</summary>
public abstract record Caller
{
    /// <summary>
    /// SHA-256 (hex) of the presented credential: the Idempotency partition key, so one client's keys never collide
    /// with another's and the credential itself is never stored.
    /// </summary>
    public abstract string CredentialHash { get; }

    public static string HashCredential(string credential) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));
}

/// <summary>No credential was presented.</summary>
public sealed record AnonymousCaller : Caller
{
    public static AnonymousCaller Instance { get; } = new();

    public override string CredentialHash => "anonymous";
}

/// <summary>One of the configured organiser keys.</summary>
public sealed record OrganiserCaller(string KeyHash) : Caller
{
    public override string CredentialHash => KeyHash;
}

/// <summary>
/// A registered, not withdrawn participant of <paramref name="EventId"/>. <paramref name="Admitted"/> is false for an
/// exhibitor awaiting approval or rejected: such a caller reaches only its own profile endpoints.
/// </summary>
public sealed record ParticipantCaller(string EventId, ParticipantKind Kind, string ParticipantId, string TokenHash, bool Admitted = true) : Caller
{
    public override string CredentialHash => TokenHash;

    public bool Is(string eventId, ParticipantKind kind, string participantId) =>
        EventId == eventId && Kind == kind && ParticipantId == participantId;
}
