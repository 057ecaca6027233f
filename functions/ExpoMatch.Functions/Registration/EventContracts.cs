using System.ComponentModel;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events. Times are local to <see cref="TimeZone"/>; dates <c>yyyy-MM-dd</c>, times <c>HH:mm</c>.</summary>
public sealed record CreateEventRequest(
    string? Name,
    string? Venue,
    [property: Description("IANA time zone id, for example Asia/Ho_Chi_Minh.")] string? TimeZone,
    IReadOnlyList<EventDayDto?>? Days,
    int? SlotMinutes,
    [property: Description("Breaks applying to every day (lunch), local time.")] IReadOnlyList<TimeRangeDto?>? Breaks,
    int? TablesPerBooth,
    int? MaxMeetingsPerVisitor,
    int? MaxMeetingsPerExhibitor,
    bool? AutoMatch,
    [property: Description("When visitors and self-registering exhibitors may start signing up: ISO-8601 with offset; " +
        "default the event's creation.")] string? RegistrationOpensAt,
    [property: Description("When self-registration closes: ISO-8601 with offset, after registrationOpensAt and not after " +
        "the end of the event's last day (the default), so walk-ins can sign up during the show.")] string? RegistrationClosesAt,
    [property: Description("How exhibitors join: open (default; anyone, active at once), approval (pending until the " +
        "organiser approves) or organiser (only the organiser registers exhibitors).")] string? ExhibitorRegistration = null,
    [property: Description("How meetings take place: [\"onsite\"] (the default), [\"online\"] or both.")] IReadOnlyList<string?>? MeetingModes = null,
    [property: Description("Video link of online meetings: an absolute https URL containing {meetingId}, for example https://meet.example.org/expomatch/{meetingId}. Required when online is offered; never shown publicly.")]
    string? VideoLinkTemplate = null);

public sealed record EventDayDto(string? Date, string? Start, string? End);

public sealed record TimeRangeDto(string? Start, string? End);

public sealed record EventResponse(
    string Id,
    string Name,
    string Venue,
    string TimeZone,
    IReadOnlyList<EventDayDto> Days,
    int SlotMinutes,
    IReadOnlyList<TimeRangeDto> Breaks,
    int TablesPerBooth,
    int MaxMeetingsPerVisitor,
    int MaxMeetingsPerExhibitor,
    bool AutoMatch,
    DateTimeOffset RegistrationOpensAt,
    DateTimeOffset RegistrationClosesAt,
    [property: Description("Whether visitors and self-registering exhibitors can sign up right now.")] bool RegistrationOpen,
    [property: Description("open, approval or organiser: how exhibitors join.")] string ExhibitorRegistration,
    [property: Description("The slot grid: slot index to its start and end, in UTC and in the event's offset.")]
    IReadOnlyList<SlotDto> Slots,
    [property: Description("When the participants' personal data is erased (ExpoMatch:Retention:PersonalDataDays after the last day ends); null: kept.")]
    DateTimeOffset? PersonalDataErasedAfter,
    [property: Description("When it was erased; null until then.")]
    DateTimeOffset? PersonalDataErasedAt,
    [property: Description("onsite, online or both: what participants may choose as their attendance.")] IReadOnlyList<string> MeetingModes);

public sealed record SlotDto(int Index, string Date, DateTimeOffset StartUtc, DateTimeOffset EndUtc, DateTimeOffset Start, DateTimeOffset End);
