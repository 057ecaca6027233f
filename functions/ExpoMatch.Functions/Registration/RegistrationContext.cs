using ExpoMatch.Functions.Meetings;

namespace ExpoMatch.Functions.Registration;

/// <summary>What the registration endpoints share, injected as one parameter to keep handler signatures readable.</summary>
public sealed class RegistrationContext(
    EventStore events,
    ParticipantStore participants,
    MeetingRequestStore requests,
    MeetingStore meetings,
    MatchingWorkQueue matchingWork,
    TimeProvider time,
    ILoggerFactory loggers)
{
    public EventStore Events { get; } = events;
    public ParticipantStore Participants { get; } = participants;
    public MeetingRequestStore Requests { get; } = requests;
    public MeetingStore Meetings { get; } = meetings;
    public MatchingWorkQueue MatchingWork { get; } = matchingWork;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = loggers.CreateLogger("ExpoMatch.Functions.Registration");

    public DateTimeOffset Now => Time.GetUtcNow();
}
