using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Security;

/// <summary>
/// Turns the <c>Authorization: Bearer</c> header into a <see cref="Caller"/>: an organiser key, or a participant
/// token checked against its stored hash with one point read. Null means a credential was presented but is not valid.
/// </summary>
public sealed class CallerResolver(OrganiserKeys organiserKeys, ParticipantStore participants)
{
    public async Task<Caller?> ResolveAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers.Authorization;
        if (header.Count == 0)
        {
            return AnonymousCaller.Instance;
        }

        if (header.Count > 1 || header[0] is not { } value ||
            !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var credential = value["Bearer ".Length..].Trim();
        if (credential.Length is 0 or > 512)
        {
            return null;
        }

        if (organiserKeys.IsOrganiserKey(credential))
        {
            return new OrganiserCaller(Caller.HashCredential(credential));
        }

        if (!AccessToken.TryParse(credential, out var token))
        {
            return null;
        }

        var participant = await participants.GetAsync(token.EventId, token.Kind, token.ParticipantId, cancellationToken);
        return participant is { IsWithdrawn: false } && token.Matches(participant.TokenHash)
            ? new ParticipantCaller(token.EventId, token.Kind, token.ParticipantId, Caller.HashCredential(credential), participant.IsActive)
            : null;
    }
}
