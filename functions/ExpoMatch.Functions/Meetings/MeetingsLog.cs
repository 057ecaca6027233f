namespace ExpoMatch.Functions.Meetings;

/// <summary>Booking and matcher log events: ids only.</summary>
public static partial class MeetingsLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Meeting {MeetingId} of event {EventId} booked in slot {Slot} at table {Table}")]
    public static partial void Booked(ILogger logger, string meetingId, string eventId, int slot, int table);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Meeting {MeetingId} of event {EventId} freed as {Status}")]
    public static partial void Freed(ILogger logger, string meetingId, string eventId, string status);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Booking {MeetingId} of event {EventId} conflicted on {Reservation}")]
    public static partial void BookingConflict(ILogger logger, string meetingId, string eventId, Reservation reservation);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Meeting {MeetingId} of event {EventId} was missing reservation {RowKey}; freed without it")]
    public static partial void ReservationMissing(ILogger logger, string meetingId, string eventId, string rowKey);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Matching work for unknown event {EventId} ignored")]
    public static partial void UnknownEvent(ILogger logger, string eventId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Matching work of an unknown kind for event {EventId} ignored")]
    public static partial void UnknownWork(ILogger logger, string eventId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Request {RequestId} of event {EventId} accepted but no common free slot: unplaced")]
    public static partial void Unplaced(ILogger logger, string requestId, string eventId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Auto-match for event {EventId} proposed {Count} meetings")]
    public static partial void Proposed(ILogger logger, string eventId, int count);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Matching work message {MessageId} is not valid JSON matching work; dropped")]
    public static partial void BadMessage(ILogger logger, string messageId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Meeting {MeetingId} of event {EventId} moved from slot {FromSlot} to slot {ToSlot} (sequence {Sequence})")]
    public static partial void Moved(ILogger logger, string meetingId, string eventId, int fromSlot, int toSlot, int sequence);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Reschedule proposal {Number} of meeting {MeetingId} of event {EventId}: {Status}")]
    public static partial void RescheduleDecided(ILogger logger, string meetingId, string eventId, int number, string status);
}
