using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// One message on the <c>schedule-emails</c> queue: "bring this participant's email up to date". A hint delivered at
/// least once: the job re-reads the participant, their meetings and the outbox, so a duplicate does nothing.
/// </summary>
/// <param name="ParticipantKind"><c>visitor</c> or <c>exhibitor</c> (the participant's row key prefix).</param>
/// <param name="Kind">One of <see cref="ScheduleEmailKinds"/>: a schedule, an agenda, or an exhibitor review's answer.</param>
/// <param name="Day">The expo day of an agenda email (<c>yyyy-MM-dd</c>); null for a schedule email.</param>
/// <param name="SendId">The organiser send this job belongs to, so its status can be counted; null for the timer.</param>
public sealed record ScheduleEmailJob(
    string EventId,
    string ParticipantId,
    string ParticipantKind,
    string Kind,
    string? Day = null,
    string? SendId = null)
{
    public const string QueueName = "schedule-emails";
}

public static class ScheduleEmailKinds
{
    public const string Schedule = "schedule";
    public const string Agenda = "agenda";

    /// <summary>
    /// An organiser send's fan-out (no participant): fixes the send's member list and queues one schedule job per
    /// member. Recorded as pending work with the send itself (ADR-004).
    /// </summary>
    public const string OrganiserSend = "organiser-send";

    /// <summary>The organiser approved an exhibitor's registration (one email per exhibitor).</summary>
    public const string ExhibitorApproved = "exhibitor-approved";

    /// <summary>The organiser rejected an exhibitor's registration (one email per exhibitor).</summary>
    public const string ExhibitorRejected = "exhibitor-rejected";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScheduleEmailJob))]
[JsonSerializable(typeof(List<ShownMeeting>))]
public sealed partial class ScheduleEmailJsonContext : JsonSerializerContext;
