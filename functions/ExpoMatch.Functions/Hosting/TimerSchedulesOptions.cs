using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Hosting;

/// <summary>Marker options whose validation checks every timer function's schedule setting at start.</summary>
public sealed class TimerSchedulesOptions;

/// <summary>
/// Each [TimerTrigger("%Setting%")] needs its setting to hold a six-field NCRONTAB expression: the host would refuse
/// the function otherwise, so the worker says which setting is wrong before it connects.
/// </summary>
internal sealed class TimerSchedulesValidator(IConfiguration configuration) : IValidateOptions<TimerSchedulesOptions>
{
    public ValidateOptionsResult Validate(string? name, TimerSchedulesOptions options)
    {
        var failures = (
            from timer in FunctionTable.Timers
            let setting = FunctionTable.SettingOf(timer.Trigger.Schedule)
            let value = setting is null ? timer.Trigger.Schedule : configuration[setting]
            where !TimerSchedule.TryParse(value, out _)
            select $"{setting} (app setting {AppSettingsManifest.AppSettingName(setting ?? "")}) = '{value}' is not a six-field " +
                   "NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}).").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
