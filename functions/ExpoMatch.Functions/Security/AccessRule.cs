using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Security;

/// <summary>
/// Who may call an endpoint, decided from the credential and the route alone, before any data is read: a participant
/// asking about someone else gets 403 whether or not that someone exists, so the answer never leaks existence.
/// </summary>
/// <param name="Description">Shown in the OpenAPI document for the operation.</param>
public sealed record AccessRule(string Description, bool AllowsAnonymous, Func<Caller, RouteValueDictionary, bool> Allows)
{
    private static string Route(RouteValueDictionary values, string name) => values[name] as string ?? "";

    /// <summary>Anyone; a presented credential must still be valid.</summary>
    public static AccessRule Anyone { get; } = new("Anonymous; a credential, if sent, must be valid.", true, (_, _) => true);

    public static AccessRule Organiser { get; } = new("Organiser key.", false, (c, _) => c is OrganiserCaller);

    /// <summary>The organiser or any admitted participant of the route's event (not a pending or rejected exhibitor).</summary>
    public static AccessRule EventMember { get; } = new(
        "Organiser key, or the access token of any admitted participant of this event (not a pending or rejected exhibitor).", false,
        (c, r) => c is OrganiserCaller || (c is ParticipantCaller { Admitted: true } p && p.EventId == Route(r, "eventId")));

    /// <summary>The organiser or the participant named by the route's <c>{id}</c>.</summary>
    public static AccessRule OwnerOrOrganiser(ParticipantKind kind) => new(
        $"Organiser key, or the {kind.Name()}'s own access token.", false,
        (c, r) => c is OrganiserCaller || (c is ParticipantCaller p && p.Is(Route(r, "eventId"), kind, Route(r, "id"))));

    /// <summary>A visitor of the route's event.</summary>
    public static AccessRule Visitor { get; } = new("A visitor's access token for this event.", false,
        (c, r) => c is ParticipantCaller { Kind: ParticipantKind.Visitor } p && p.EventId == Route(r, "eventId"));

    /// <summary>The given side of the meeting request named by the route's <c>{requestId}</c>.</summary>
    public static AccessRule RequestSide(ParticipantKind side) => new(
        $"The access token of the request's {side.Name()}.", false,
        (c, r) => c is ParticipantCaller { Admitted: true } p && p.Kind == side && p.EventId == Route(r, "eventId") &&
                  IsSide(p, Route(r, "requestId")));

    /// <summary>Either side of the meeting request, or the organiser.</summary>
    public static AccessRule RequestPartyOrOrganiser { get; } = new(
        "Organiser key, or the access token of the request's visitor or exhibitor.", false,
        (c, r) => c is OrganiserCaller ||
                  (c is ParticipantCaller { Admitted: true } p && p.EventId == Route(r, "eventId") && IsSide(p, Route(r, "requestId"))));

    // A malformed request id names nothing; let the participant through so the handler answers 404 as for any
    // request that does not exist, rather than 403 which would read as "exists but not yours".
    private static bool IsSide(ParticipantCaller p, string requestId) =>
        !MeetingRequestId.TryParse(requestId, out var visitorId, out var exhibitorId) ||
        (p.Kind == ParticipantKind.Visitor ? visitorId : exhibitorId) == p.ParticipantId;
}
