using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Functions.Matching;

/// <summary>Wiring of organiser runs and recommendations .</summary>
public static class MatchingRunsFeature
{
    /// <summary>Needs the registration services (tables, events, requests): call after AddRegistration.</summary>
    public static IServiceCollection AddMatchingRuns(this IServiceCollection services)
    {
        services.AddSingleton<MatchingRunStore>();
        services.AddSingleton<MatchingRunQueue>();
        services.AddOptions<MatchingRunOptions>().BindConfiguration(MatchingRunOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MatchingRunOptions>, MatchingRunOptionsValidator>();
        services.AddSingleton<MatchingRunner>();
        return services;
    }

}
