using ExpoMatch.Functions.Matching;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// THE list of functions the app hosts. Both hosts, the endpoint table and the Azure Functions layout
/// (host.json + one folder per function) are derived from it. A feature adds its function here with one line.
/// </summary>
public static class FunctionCatalog
{
    public static FunctionRegistry Create() => new FunctionRegistry()
        .Http<Health>()
        .AddRegistrationFunctions()
        .AddMeetingFunctions()
        .AddMatchingRunFunctions()
        .AddScheduleEmailFunctions();
}
