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
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
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
        using var app = ChildApp.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        var (exitCode, _, stderr) = await app.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.Contains("ExpoMatch__OrganiserKey) is missing", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InDevelopment_ReadsLocalSettingsJsonValues()
    {
        // The file's Values use `__` like app settings; a short key proves the file was read (and then refused).
        var directory = Directory.CreateTempSubdirectory("expomatch-local-settings-");
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(directory.FullName, "local.settings.json"),
                """{"IsEncrypted":false,"Values":{"FUNCTIONS_WORKER_RUNTIME":"custom","ExpoMatch__OrganiserKey":"too-short"}}""");
            using var app = ChildApp.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, directory.FullName);

            var (exitCode, _, stderr) = await app.WaitForExitAsync(ExitTimeout);

            Assert.Equal(1, exitCode);
            var line = Assert.Single(Lines(stderr));
            Assert.Contains("shorter than 24 characters", line, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_WhenCustomHandlerPortIsNotAPort_StopsWithOneLine()
    {
        using var app = ChildApp.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ExpoMatch__OrganiserKey"] = GoodKey,
            [FunctionHostingModes.CustomHandlerPortSetting] = "seventy",
        });

        var (exitCode, _, stderr) = await app.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("FUNCTIONS_CUSTOMHANDLER_PORT = 'seventy' is not a TCP port", Assert.Single(Lines(stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InCustomHandlerMode_ListensOnLoopbackPortAndAnswersProbe()
    {
        var port = FreeLoopbackPort();
        using var app = ChildApp.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ExpoMatch__OrganiserKey"] = GoodKey,
            // Required since the storage check at start; only parsed, so the shared emulator's string suffices.
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            [FunctionHostingModes.CustomHandlerPortSetting] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // The Functions host probes GET / until the handler answers; do the same, for at most the host's 60 s.
        var deadline = DateTime.UtcNow + ExitTimeout;
        HttpStatusCode? status = null;
        while (status is null && DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public void Start_WhenTimerScheduleIsNotNcrontab_FailsValidationWithOneLine()
    {
        // Through the host builder: the real catalog has no timer yet, so the test registry supplies one.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration[RecordTimerTick.ScheduleSetting] = "0 */15 * * *";
        builder.Configuration["ExpoMatch:OrganiserKey"] = GoodKey;
        builder.AddFunctionHosting();
        builder.Services.AddSingleton(TestCatalog.Create());
        using var app = builder.Build();

        var exception = Record.Exception(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        var validation = Assert.IsType<OptionsValidationException>(exception);
        Assert.Equal(
            "ExpoMatch cannot start: ExpoMatch:Schedules:RecordTimerTick (app setting ExpoMatch__Schedules__RecordTimerTick) = " +
            "'0 */15 * * *' is not a six-field NCRONTAB expression ({second} {minute} {hour} {day} {month} {day-of-week}).",
            FunctionHosting.StartupFailureLine(validation));
    }

    [Fact]
    public void Start_WhenTimerSettingAbsent_UsesTheFunctionsDefault()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["ExpoMatch:OrganiserKey"] = GoodKey;
        builder.AddFunctionHosting();
        builder.Services.AddSingleton(TestCatalog.Create());
        using var app = builder.Build();

        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var schedules = app.Services.GetRequiredService<IOptions<TimerSchedulesOptions>>().Value;

        Assert.Equal(RecordTimerTick.DefaultSchedule, schedules.Expressions[RecordTimerTick.Name]);
        Assert.Equal(
            new DateTime(2026, 11, 21, 16, 5, 0, DateTimeKind.Utc),
            schedules.ScheduleOf(RecordTimerTick.Name).GetNextOccurrence(new DateTime(2026, 11, 21, 16, 1, 30, DateTimeKind.Utc)));
    }

    [Fact]
    public void LocalSettings_AreBelowEnvironmentVariables()
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables();
        var file = Path.Combine(Directory.CreateTempSubdirectory("expomatch-precedence-").FullName, "local.settings.json");
        File.WriteAllText(file, """{"Values":{"PATH":"from-file","ExpoMatch__Only__InFile":"file"}}""");
        try
        {
            Assert.Null(LocalSettings.AddTo(builder, Path.GetDirectoryName(file)!));
            var configuration = builder.Build();

            Assert.Equal(Environment.GetEnvironmentVariable("PATH"), configuration["PATH"]);
            Assert.Equal("file", configuration["ExpoMatch:Only:InFile"]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
