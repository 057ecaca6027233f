namespace ExpoMatch.Functions.Registration;

/// <summary>Registration log events: ids only, never names, emails or tokens.</summary>
public static partial class RegistrationLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Event {EventId} created with {SlotCount} slots")]
    public static partial void EventCreated(ILogger logger, string eventId, int slotCount);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{Kind} {ParticipantId} registered for event {EventId}")]
    public static partial void ParticipantRegistered(ILogger logger, string kind, string participantId, string eventId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Registration refused for event {EventId}: email already registered")]
    public static partial void DuplicateEmail(ILogger logger, string eventId);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "{Kind} {ParticipantId} of event {EventId}: an earlier try of the same idempotent registration landed unanswered; answered again with a new token")]
    public static partial void RegistrationReanswered(ILogger logger, string kind, string participantId, string eventId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "{Kind} {ParticipantId} of event {EventId} updated")]
    public static partial void ParticipantUpdated(ILogger logger, string kind, string participantId, string eventId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "{Kind} {ParticipantId} of event {EventId} withdrawn and erased")]
    public static partial void ParticipantWithdrawn(ILogger logger, string kind, string participantId, string eventId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Meeting request {RequestId} of event {EventId} is {Status}")]
    public static partial void RequestChanged(ILogger logger, string requestId, string eventId, string status);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Meeting {MeetingId} of event {EventId} names slot {Slot} outside the grid; not shown")]
    public static partial void MeetingOutsideGrid(ILogger logger, string meetingId, string eventId, int slot);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Exhibitor {ParticipantId} of event {EventId} is {Status} by the organiser")]
    public static partial void ExhibitorReviewed(ILogger logger, string participantId, string eventId, string status);
}
