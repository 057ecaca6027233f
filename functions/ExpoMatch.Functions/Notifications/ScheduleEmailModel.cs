namespace ExpoMatch.Functions.Notifications;

public enum MeetingChange
{
    /// <summary>Same as in the previous schedule email.</summary>
    Unchanged,
    New,
    Changed,
    Cancelled,
}

/// <summary>One meeting as the participant sees it: times in UTC (shown in the event's zone), the other side's name.</summary>
public sealed record ScheduledMeeting(
    string MeetingId,
    int Sequence,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string BoothCode,
    string Table,
    string CounterpartName,
    string? CounterpartCompany,
    IReadOnlyList<string> SharedInterests,
    MeetingChange Change,
    string? VideoLink = null)
{
    /// <summary>An online meeting: the video link replaces booth and table.</summary>
    public bool IsOnline => VideoLink is not null;
}

/// <summary>
/// Everything a participant's schedule email needs. <see cref="Language"/> is a BCP 47 tag as the participant gave
/// it (vi-VN, zh-Hans, ...); unknown or missing means English. <see cref="TimeZoneId"/> is the event's IANA zone;
/// <see cref="ParticipantTimeZoneId"/> the participant's own when they attend online from another zone (times are then
/// shown in both).
/// </summary>
public sealed record ScheduleEmailModel(
    string EventId,
    string EventName,
    string TimeZoneId,
    string ParticipantId,
    EmailAddress Participant,
    string? Language,
    int ScheduleVersion,
    IReadOnlyList<ScheduledMeeting> Meetings,
    string? ParticipantTimeZoneId = null);

/// <summary>Subject, plain text and HTML of one email, in one language.</summary>
public sealed record RenderedEmail(string Subject, string TextBody, string HtmlBody);
