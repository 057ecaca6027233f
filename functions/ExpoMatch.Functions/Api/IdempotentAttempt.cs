using System.Security.Cryptography;
using System.Text;

namespace ExpoMatch.Functions.Api;

/// <summary>
/// Set on the request by <see cref="IdempotencyFilter"/> while a request with an Idempotency-Key runs: a fingerprint
/// of the caller, the key and the request (method, path, body). A handler that creates something records it, so a
/// retry whose first try landed but never completed its idempotency record (the store applied the write after the
/// client gave up) can be recognised as the same request rather than refused as a duplicate. A hash: neither the
/// caller's credential nor the key can be read from it.
/// </summary>
public sealed record IdempotentAttempt(string Fingerprint)
{
    public static IdempotentAttempt Of(string callerPartition, string key, string requestHash) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{callerPartition}\n{key}\n{requestHash}"))));

    /// <summary>The fingerprint of the request being handled, or null when it carries no Idempotency-Key.</summary>
    public static string? Current(HttpContext http) => http.Features.Get<IdempotentAttempt>()?.Fingerprint;
}
