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
    string ExhibitorRegistration = ExhibitorRegistrationModes.Open,
    DateTimeOffset? RegistrationOpensAt = null,
    Meetings.MeetingModeSettings? ModeSettings = null)
{
    /// <summary>Onsite, online or both, and the video link template (onsite only when not set).</summary>
    public Meetings.MeetingModeSettings Modes => ModeSettings ?? Meetings.MeetingModeSettings.OnsiteOnly;

    private SlotGrid? _grid;

    /// <summary>The slot grid. Settings were validated when the event was created, so it always builds.</summary>
    public SlotGrid Grid => _grid ??= SlotGrid.Create(Zone, Days, SlotMinutes, Breaks).Grid
        ?? throw new InvalidOperationException($"Event {Id} holds settings that do not form a slot grid.");

    /// <summary>When self-registration opens: the organiser's <c>registrationOpensAt</c>, else the event's creation.</summary>
    public DateTimeOffset OpensAt => RegistrationOpensAt ?? CreatedAt;

    /// <summary>Visitors and self-registering exhibitors may sign up (organisers register anyone at any time).</summary>
    public bool IsRegistrationOpen(DateTimeOffset now) => now >= OpensAt && now < RegistrationClosesAt;

    /// <summary>Why registration is refused at <paramref name="now"/>, or null while it is open.</summary>
    public string? RegistrationClosedReason(DateTimeOffset now) =>
        now < OpensAt ? $"Registration for this event opens at {Grid.ToEventTime(OpensAt):yyyy-MM-dd'T'HH:mm:sszzz}."
        : now >= RegistrationClosesAt ? $"Registration for this event closed at {Grid.ToEventTime(RegistrationClosesAt):yyyy-MM-dd'T'HH:mm:sszzz}."
        : null;

    /// <summary>When the event's last day ends (its local end time, in UTC): the default close of registration and the
    /// start of the retention period.</summary>
    public DateTimeOffset EndsAt => EventValidation.LastDayEnd(Grid, Days);
}

/// <summary>
/// How exhibitors join an event (<c>exhibitorRegistration</c>): <c>open</c> (anyone, active at once), <c>approval</c>
/// (anyone, pending until the organiser approves) or <c>organiser</c> (only the organiser registers exhibitors).
/// The organiser may register exhibitors directly in every mode; they are active at once.
/// </summary>
public static class ExhibitorRegistrationModes
{
    public const string Open = "open";
    public const string Approval = "approval";
    public const string Organiser = "organiser";

    public static readonly IReadOnlyList<string> All = [Open, Approval, Organiser];
}

/// <summary>
/// Values of a participant's <c>Status</c>. Only <c>active</c> participants are in the directory, can be requested and
/// are matched or emailed schedules; <c>pending</c> and <c>rejected</c> exhibitors (events with approval) can still
/// use their own profile endpoints. <c>withdrawn</c> is a tombstone without personal data.
/// </summary>
public static class ParticipantStatus
{
    public const string Active = "active";
    public const string Pending = "pending";
    public const string Rejected = "rejected";
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
    string? RejectionReason = null,
    string? BoothHash = null,
    DateTimeOffset? ReviewedAt = null,
    string Attendance = Meetings.MeetingModes.Onsite,
    string? TimeZone = null,
    string? RegistrationFingerprint = null)
{
    /// <summary>Admitted to the event: in the directory, requestable, matched.</summary>
    public bool IsActive => Status == ParticipantStatus.Active;

    /// <summary>Erased: the token no longer works and the profile reads as unknown.</summary>
    public bool IsWithdrawn => Status == ParticipantStatus.Withdrawn;

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
