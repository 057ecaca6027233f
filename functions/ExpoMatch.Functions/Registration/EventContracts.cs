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
    [property: Description("ISO-8601 with offset; defaults to the start of the first slot.")] string? RegistrationClosesAt,
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
    DateTimeOffset RegistrationClosesAt,
    bool RegistrationOpen,
    [property: Description("The slot grid: slot index to its start and end, in UTC and in the event's offset.")]
    IReadOnlyList<SlotDto> Slots,
    [property: Description("onsite, online or both: what participants may choose as their attendance.")] IReadOnlyList<string> MeetingModes);

public sealed record SlotDto(int Index, string Date, DateTimeOffset StartUtc, DateTimeOffset EndUtc, DateTimeOffset Start, DateTimeOffset End);
