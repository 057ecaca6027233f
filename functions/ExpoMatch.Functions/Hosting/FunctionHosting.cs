using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Matching;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Hosting;

/// <summary>Program.cs entry points: the app's services and the start-up settings check.</summary>
public static class FunctionHosting
{
    /// <summary>
    /// Every service the functions use. The worker calls it in Program.cs; component tests call it on their own
    /// service collection (with an IConfiguration and an IHostEnvironment) to run a function class against Azurite.
    /// <paramref name="configuration"/> is read here only for what must be known while services are registered (the
    /// Data Protection key-encryption certificates); everything else binds options later.
    /// </summary>
    public static IServiceCollection AddExpoMatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExpoMatchOptions>().BindConfiguration(ExpoMatchOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExpoMatchOptions>, ExpoMatchOptionsValidator>();
        services.AddOptions<TimerSchedulesOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TimerSchedulesOptions>, TimerSchedulesValidator>();
        services.AddSingleton<HttpFunctionEndpoints>();
        services.AddSingleton<Api.OpenApiDocumentSource>();
        services.AddProblemDetails();
        services.AddExpoMatchStorage();
        services.AddExpoMatchDataProtection(configuration);
        services.AddPendingWork();
        services.AddNotifications();
        services.AddRegistration();
        services.AddMeetings();
        services.AddMatchingRuns();
        services.AddScheduleEmails();
        return services;
    }

    /// <summary>
    /// Checks every ValidateOnStart option before the worker connects to the host, so a bad setting ends the process
    /// with one line on stderr and exit code 1 (which the host shows) rather than a stack trace.
    /// </summary>
    public static bool SettingsAreValid(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception exception) when (exception is OptionsValidationException or AggregateException)
        {
            Console.Error.WriteLine(StartupFailureLine(exception));
            return false;
        }
    }

    /// <remarks>The startup validator throws one OptionsValidationException, or an AggregateException of several.</remarks>
    internal static string StartupFailureLine(Exception exception)
    {
        var failures = exception is AggregateException all
            ? all.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
            : ((OptionsValidationException)exception).Failures;
        return "ExpoMatch cannot start: " + string.Join(" ", failures.Select(f => f.ReplaceLineEndings(" ")));
    }
}
