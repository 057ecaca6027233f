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
    [property: Description("ISO-8601 with offset; defaults to the start of the first slot.")] string? RegistrationClosesAt);

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
    [property: Description("When the participants' personal data is erased (ExpoMatch:Retention:PersonalDataDays after the last day ends); null: kept.")]
    DateTimeOffset? PersonalDataErasedAfter,
    [property: Description("When it was erased; null until then.")]
    DateTimeOffset? PersonalDataErasedAt);

public sealed record SlotDto(int Index, string Date, DateTimeOffset StartUtc, DateTimeOffset EndUtc, DateTimeOffset Start, DateTimeOffset End);
