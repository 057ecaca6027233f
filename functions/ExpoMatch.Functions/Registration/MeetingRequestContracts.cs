using System.ComponentModel;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/meeting-requests (a visitor asks an exhibitor for a meeting).</summary>
public sealed record CreateMeetingRequest(
    string? ExhibitorId,
    [property: Description("1 (most wanted) to 3; default 2.")] int? Priority,
    [property: Description("Up to 1000 characters for the exhibitor.")] string? Note);

public sealed record MeetingRequestResponse(
    [property: Description("{visitorId}-{exhibitorId}: one request per pair.")] string Id,
    string EventId,
    string VisitorId,
    string ExhibitorId,
    [property: Description("pending, accepted, declined or cancelled.")] string Status,
    int Priority,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: Description("Set by the matcher: 'unplaced' when an accepted request found no common free slot yet (it is retried when a slot frees up).")]
    string? Placement = null);

public sealed record MeetingRequestList(IReadOnlyList<MeetingRequestResponse> Items);

/// <summary>GET .../schedule: a participant's meetings, times in the event's offset (and the participant's own, online).</summary>
public sealed record ScheduleResponse(
    [property: Description("The event's IANA time zone: start and end are in its offset.")] string TimeZone,
    IReadOnlyList<ScheduleMeeting> Meetings,
    [property: Description("The participant's own IANA zone when they attend online from another zone; null otherwise.")] string? ParticipantTimeZone = null);

public sealed record ScheduleMeeting(
    string Id,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Slot,
    [property: Description("The booth table; null for an online meeting (it has a video link instead).")] int? Table,
    string BoothCode,
    string Status,
    string VisitorId,
    string ExhibitorId,
    Counterpart Counterpart,
    IReadOnlyList<string> SharedTags,
    [property: Description("onsite (at the booth table) or online (over the video link).")] string Mode,
    [property: Description("The meeting's video link (online meetings only).")] string? VideoLink = null,
    [property: Description("Start in the participant's own zone, when it differs from the event's at that moment.")] DateTimeOffset? ParticipantStart = null,
    [property: Description("End in the participant's own zone, when it differs from the event's.")] DateTimeOffset? ParticipantEnd = null);

/// <summary>The other side of a meeting; names only, never an email. A withdrawn counterpart shows its id only.</summary>
public sealed record Counterpart(string Id, string Kind, bool Withdrawn, string? Name, string? Company, string? JobTitle, string? BoothCode);
