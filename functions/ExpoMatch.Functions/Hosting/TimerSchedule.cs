using System.Diagnostics.CodeAnalysis;
using NCrontab;

namespace ExpoMatch.Functions.Hosting;

/// <summary>Six-field NCRONTAB ({second} {minute} {hour} {day} {month} {day-of-week}), parsed as Azure Functions does.</summary>
public static class TimerSchedule
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    public static bool TryParse(string? expression, [NotNullWhen(true)] out CrontabSchedule? schedule)
    {
        schedule = string.IsNullOrWhiteSpace(expression) ? null : CrontabSchedule.TryParse(expression.Trim(), SixFields);
        return schedule is not null;
    }
}
