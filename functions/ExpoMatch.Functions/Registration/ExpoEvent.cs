namespace ExpoMatch.Functions.Registration;

/// <summary>An event's settings as stored in the <c>Events</c> table; <see cref="Grid"/> is derived from them.</summary>
public sealed record ExpoEvent(
    string Id,
    string Name,
    string Venue,
    TimeZoneInfo Zone,
    IReadOnlyList<EventDay> Days,
    int SlotMinutes,
    IReadOnlyList<DailyBreak> Breaks,
    int TablesPerBooth,
    int MaxMeetingsPerVisitor,
    int MaxMeetingsPerExhibitor,
    bool AutoMatch,
    DateTimeOffset RegistrationClosesAt,
    DateTimeOffset CreatedAt,
    Meetings.MeetingModeSettings? ModeSettings = null)
{
    /// <summary>Onsite, online or both, and the video link template (onsite only when not set).</summary>
    public Meetings.MeetingModeSettings Modes => ModeSettings ?? Meetings.MeetingModeSettings.OnsiteOnly;

    private SlotGrid? _grid;

    /// <summary>The slot grid. Settings were validated when the event was created, so it always builds.</summary>
    public SlotGrid Grid => _grid ??= SlotGrid.Create(Zone, Days, SlotMinutes, Breaks).Grid
        ?? throw new InvalidOperationException($"Event {Id} holds settings that do not form a slot grid.");

    public bool IsRegistrationOpen(DateTimeOffset now) => now < RegistrationClosesAt;
}

/// <summary>Values of a participant's <c>Status</c>.</summary>
public static class ParticipantStatus
{
    public const string Active = "active";
    public const string Withdrawn = "withdrawn";
}

/// <summary>A time window in UTC (availability).</summary>
public sealed record TimeWindow(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// An exhibitor or a visitor. <see cref="Name"/> is the visitor's name or the exhibitor's contact name.
/// A withdrawn participant keeps only ids, kind, status and dates: personal data is erased.
/// </summary>
public sealed record Participant(
    string EventId,
    ParticipantKind Kind,
    string Id,
    string Status,
    string Name,
    string Company,
    string? JobTitle,
    string? BoothCode,
    string Email,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> NormalisedTags,
    string Language,
    int Tables,
    IReadOnlyList<TimeWindow> Availability,
    string TokenHash,
    string EmailHash,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? WithdrawnAt,
    string? ETag = null,
    string Attendance = Meetings.MeetingModes.Onsite,
    string? TimeZone = null)
{
    public bool IsActive => Status == ParticipantStatus.Active;

    /// <summary>The IANA zone this participant reads times in: their own when attending online, else the event's.</summary>
    public string OwnTimeZone(ExpoEvent expo) => TimeZone ?? expo.Zone.Id;
}

/// <summary>Values of a meeting request's <c>Status</c>.</summary>
public static class MeetingRequestStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// Values of a request's <c>Placement</c>, written by the matcher only (a decision by a participant replaces the row
/// and clears it): an accepted request the matcher could not fit into any common free slot is <c>unplaced</c>, and
/// is tried again whenever one of the two parties' meetings is freed.
/// </summary>
public static class MeetingRequestPlacement
{
    public const string Unplaced = "unplaced";
}

/// <summary>A visitor's request for a meeting with an exhibitor; one per pair.</summary>
public sealed record MeetingRequest(
    string EventId,
    string VisitorId,
    string ExhibitorId,
    string Status,
    int Priority,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ETag = null,
    string? Placement = null)
{
    public string Id => MeetingRequestId.Format(VisitorId, ExhibitorId);
}
