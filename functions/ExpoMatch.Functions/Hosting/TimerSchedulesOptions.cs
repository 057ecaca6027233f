using Microsoft.Extensions.Options;
using NCrontab;

namespace ExpoMatch.Functions.Hosting;

/// <summary>The schedule of every timer function: its setting's value, or the function's default when unset.</summary>
public sealed class TimerSchedulesOptions
{
    /// <summary>Function name to NCRONTAB expression, filled from the registry and configuration at start.</summary>
    public Dictionary<string, string> Expressions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public CrontabSchedule ScheduleOf(string functionName) =>
        TimerSchedule.TryParse(Expressions.GetValueOrDefault(functionName), out var schedule)
            ? schedule
            : throw new InvalidOperationException($"No valid schedule for timer function {functionName}.");
}

internal sealed class TimerSchedulesSetup(FunctionRegistry registry, IConfiguration configuration) : IConfigureOptions<TimerSchedulesOptions>
{
    public void Configure(TimerSchedulesOptions options)
    {
        foreach (var timer in registry.TimerFunctions)
        {
            var configured = configuration[timer.ScheduleSetting];
            options.Expressions[timer.Name] = string.IsNullOrWhiteSpace(configured) ? timer.DefaultSchedule : configured;
        }
    }
}

internal sealed class TimerSchedulesValidator(FunctionRegistry registry) : IValidateOptions<TimerSchedulesOptions>
{
    public ValidateOptionsResult Validate(string? name, TimerSchedulesOptions options)
    {
        var failures = registry.TimerFunctions
            .Where(t => !TimerSchedule.TryParse(options.Expressions.GetValueOrDefault(t.Name), out _))
            .Select(t => $"{t.ScheduleSetting} (app setting {t.ScheduleAppSetting}) = '{options.Expressions.GetValueOrDefault(t.Name)}' " +
                "is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
