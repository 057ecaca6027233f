using System.ComponentModel;

namespace ExpoMatch.Functions.Meetings.Reschedule;

/// <summary>POST .../meetings/{meetingId}/reschedule.</summary>
public sealed record RescheduleRequest(
    [property: Description("The slot index to move the meeting to (see the event's slots); it must not have started.")] int? Slot);

/// <summary>A meeting's latest reschedule proposal and what came of it.</summary>
public sealed record RescheduleResponse(
    string MeetingId,
    [property: Description("1 for the meeting's first proposal, counting up.")] int Number,
    [property: Description("open, accepted, declined (by the counterpart, or because it became impossible: see reason) or withdrawn (by the proposer).")]
    string Status,
    [property: Description("visitor or exhibitor: who proposed; the other party accepts or declines.")] string ProposedBy,
    [property: Description("The meeting's slot when proposed.")] int FromSlot,
    [property: Description("The proposed slot.")] int Slot,
    [property: Description("The proposed slot's start, in the event's offset.")] DateTimeOffset Start,
    DateTimeOffset End,
    string? Reason,
    DateTimeOffset ProposedAt,
    DateTimeOffset? DecidedAt,
    [property: Description("The meeting's slot now.")] int MeetingSlot,
    [property: Description("The meeting's iCalendar SEQUENCE now (it grows when the meeting moves; the UID stays).")] int MeetingSequence);
