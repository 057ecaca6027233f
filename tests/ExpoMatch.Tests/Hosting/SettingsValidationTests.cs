using System.Net;
using System.Net.Sockets;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Tests.Hosting;

public sealed class SettingsValidationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private const string GoodKey = "a-production-organiser-key-0123456789";

    [Fact]
    public async Task Start_WhenDevelopmentOrganiserKeyOutsideDevelopment_StopsWithOneLine()
    {
        using var app = ChildApp.Start(new Dictionary<string, string>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
            ["ExpoMatch__OrganiserKey"] = ExpoMatchOptions.DevelopmentOrganiserKey,
        });

        var (exitCode, _, stderr) = await app.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("ExpoMatch cannot start: ExpoMatch:OrganiserKey", line, StringComparison.Ordinal);
        Assert.Contains("development key", line, StringComparison.Ordinal);
        Assert.Contains("Production", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenOrganiserKeyMissing_StopsWithOneLine()
    {
        using var app = ChildApp.Start(new Dictionary<string, string> { ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production" });

        var (exitCode, _, stderr) = await app.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains("ExpoMatch__OrganiserKey) is missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WhenTimerScheduleIsNotNcrontab_FailsValidationWithOneLine()
    {
        using var services = FunctionAppFixture.BuildServices(Settings(("ExpoMatch__Schedules__SendScheduleEmails", "0 */15 * * *")), "Production");

        var exception = Record.Exception(() => services.GetRequiredService<IStartupValidator>().Validate());

        var validation = Assert.IsType<OptionsValidationException>(exception);
        Assert.Equal(
            "ExpoMatch cannot start: ExpoMatch:Schedules:SendScheduleEmails (app setting ExpoMatch__Schedules__SendScheduleEmails) = " +
            "'0 */15 * * *' is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}).",
            FunctionHosting.StartupFailureLine(validation));
    }

    [Fact]
    public void Start_WhenTimerSettingAbsent_FailsNamingIt_AsTheHostCouldNotIndexTheTimer()
    {
        var settings = Settings().Where(s => s.Key != "ExpoMatch__Schedules__PurgeExpiredIdempotencyKeys");
        using var services = FunctionAppFixture.BuildServices(settings, "Production");

        var validation = Assert.IsType<OptionsValidationException>(Record.Exception(() => services.GetRequiredService<IStartupValidator>().Validate()));

        Assert.Equal(
            "ExpoMatch cannot start: ExpoMatch:Schedules:PurgeExpiredIdempotencyKeys (app setting ExpoMatch__Schedules__PurgeExpiredIdempotencyKeys) = " +
            "'' is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}).",
            FunctionHosting.StartupFailureLine(validation));
    }

    [Fact]
    public void Start_WithTheSampleSchedules_Validates()
    {
        using var services = FunctionAppFixture.BuildServices(Settings(), "Production");

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>Good settings for a production start, with <paramref name="overrides"/>.</summary>
    private static Dictionary<string, string> Settings(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["ExpoMatch__OrganiserKey"] = GoodKey,
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["ExpoMatch__Schedules__SendScheduleEmails"] = "0 */15 * * * *",
            ["ExpoMatch__Schedules__PurgeExpiredIdempotencyKeys"] = "0 30 3 * * *",
            ["ExpoMatch__Schedules__ErasePersonalData"] = "0 45 3 * * *",
            ["ExpoMatch__Schedules__DeliverPendingWork"] = "*/15 * * * * *",
            ["ExpoMatch__Schedules__ReconcileMeetingRequests"] = "0 */5 * * * *",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
