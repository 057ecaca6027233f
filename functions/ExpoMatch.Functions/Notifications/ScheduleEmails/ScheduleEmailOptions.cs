namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// Bound from <c>ExpoMatch:Email:Schedule</c>. Applies to every event: the event contract carries no email settings
/// (adding them would change the event row the matcher also reads), so these are the defaults for all.
/// </summary>
public sealed class ScheduleEmailOptions
{
    public const string SectionName = "ExpoMatch:Email:Schedule";

    /// <summary>Local time (event zone) on the evening before each expo day when agenda emails go out.</summary>
    public TimeOnly AgendaLocalTime { get; set; } = new(18, 0);

    /// <summary>Whether the timer sends daily agendas at all.</summary>
    public bool SendDailyAgenda { get; set; } = true;
}
