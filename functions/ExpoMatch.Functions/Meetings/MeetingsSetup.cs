using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Functions.Meetings;

/// <summary>Program.cs entry points of the meetings feature (booking and the matcher).</summary>
public static class MeetingsSetup
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddSingleton<MeetingBooker>();
        services.AddSingleton<MeetingLedger>();
        services.AddSingleton<UnplacedRequests>();
        services.AddSingleton<AutoMatcher>();
        services.AddSingleton<Matcher>();
        services.AddSingleton<Reschedule.MeetingMover>();
        return services;
    }

}
