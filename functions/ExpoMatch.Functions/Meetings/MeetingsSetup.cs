using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Functions.Meetings;

/// <summary>Program.cs and FunctionCatalog entry points of the meetings feature (booking and the matcher).</summary>
public static class MeetingsSetup
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddSingleton<MeetingBooker>();
        return services;
    }
}
