using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ExpoMatch.Functions.Registration;

/// <summary>POST /api/events/{eventId}/exhibitors, and the body of PATCH (absent or null fields stay unchanged).</summary>
public sealed record ExhibitorFields(
    string? Company,
    [property: Description("Up to 20 characters, unique in the event (compared in NFKC, upper-cased); optional. An exhibitor " +
        "registering itself may ask for a free code; afterwards only the organiser changes it (an empty string clears it).")]
    string? BoothCode,
    string? ContactName,
    string? Email,
    [property: Description("1-30 interest tags in any script; matched on their normalised form.")] IReadOnlyList<string?>? Tags,
    [property: Description("BCP 47 language for emails, for example vi, th, zh-Hans; default en.")] string? Language,
    [property: Description("Meeting tables at the booth; default the event's tablesPerBooth. Set by the organiser only.")] int? Tables,
    [property: Description("When the participant can meet: [{start,end}] ISO-8601 with offset; none means always.")]
    IReadOnlyList<TimeRangeDto?>? Availability,
    [property: Description("onsite or online (one of the event's meetingModes); default onsite when the event offers it.")] string? Attendance = null,
    [property: Description("For online attendance: your IANA time zone (for example Asia/Dushanbe), to see times in it too; default the event's.")] string? TimeZone = null);

/// <summary>POST /api/events/{eventId}/visitors, and the body of PATCH (absent or null fields stay unchanged).</summary>
public sealed record VisitorFields(
    string? Name,
    string? Company,
    string? JobTitle,
    string? Email,
    IReadOnlyList<string?>? Tags,
    string? Language,
    IReadOnlyList<TimeRangeDto?>? Availability,
    [property: Description("onsite or online (one of the event's meetingModes); default onsite when the event offers it.")] string? Attendance = null,
    [property: Description("For online attendance: your IANA time zone (for example Asia/Dushanbe), to see times in it too; default the event's.")] string? TimeZone = null);

public sealed record AvailabilityDto(DateTimeOffset Start, DateTimeOffset End);

/// <summary>An exhibitor as its owner and the organiser see it. The access token appears once, at registration.</summary>
public sealed record ExhibitorResponse(
    string Id,
    string EventId,
    [property: Description("active; pending (awaiting the organiser's approval: not in the directory, not requestable, " +
        "not matched); rejected (see rejectionReason: the exhibitor can still read, export and withdraw its profile).")]
    string Status,
    string Company,
    string BoothCode,
    string ContactName,
    string Email,
    IReadOnlyList<string> Tags,
    string Language,
    int Tables,
    IReadOnlyList<AvailabilityDto> Availability,
    DateTimeOffset RegisteredAt,
    [property: Description("onsite or online.")] string Attendance,
    [property: Description("The IANA zone times are shown in besides the event's (online attendance); null means the event's.")] string? TimeZone,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessToken = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Why the organiser rejected the registration.")]
    string? RejectionReason = null);

/// <summary>The organiser's reason for rejecting an exhibitor's registration; the exhibitor reads it in its profile and email.</summary>
public sealed record RejectExhibitorRequest(
    [property: Description("1-1000 characters, shown to the exhibitor.")] string? Reason);

/// <summary>A visitor as its owner and the organiser see it. The access token appears once, at registration.</summary>
public sealed record VisitorResponse(
    string Id,
    string EventId,
    string Status,
    string Name,
    string Company,
    string? JobTitle,
    string Email,
    IReadOnlyList<string> Tags,
    string Language,
    IReadOnlyList<AvailabilityDto> Availability,
    DateTimeOffset RegisteredAt,
    [property: Description("onsite or online.")] string Attendance,
    [property: Description("The IANA zone times are shown in besides the event's (online attendance); null means the event's.")] string? TimeZone,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessToken = null);

/// <summary>An exhibitor in the directory: what visitors need to choose, no contact details.</summary>
public sealed record DirectoryEntry(string Id, string Company, string BoothCode, IReadOnlyList<string> Tags, string Language, int Tables);

public sealed record DirectoryPage(
    IReadOnlyList<DirectoryEntry> Items,
    [property: Description("Pass as ?continuationToken= for the next page; null on the last page.")] string? ContinuationToken);

/// <summary>Everything held about one participant (GDPR access request).</summary>
public sealed record ParticipantExport(
    DateTimeOffset ExportedAt,
    ExhibitorResponse? Exhibitor,
    VisitorResponse? Visitor,
    IReadOnlyList<MeetingRequestResponse> MeetingRequests,
    IReadOnlyList<ScheduleMeeting> Meetings);
