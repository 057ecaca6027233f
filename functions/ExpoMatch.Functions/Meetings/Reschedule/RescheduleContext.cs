using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Meetings.Reschedule;

/// <summary>What the reschedule endpoints share, injected as one parameter; also the checks a new slot must pass.</summary>
public sealed class RescheduleContext(
    EventStore events,
    ParticipantStore participants,
    MeetingBooker booker,
    MeetingLedger ledger,
    MeetingMover mover,
    ScheduleEmailQueue emails,
    TimeProvider time,
    ILogger<MeetingMover> logger)
{
    public EventStore Events { get; } = events;
    public MeetingMover Mover { get; } = mover;
    public ILogger Logger { get; } = logger;
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The meeting, or null when the id is malformed or unknown.</summary>
    public Task<MeetingRecord?> GetAsync(string eventId, string meetingId, CancellationToken cancellationToken) =>
        MeetingParty.TryParse(meetingId, out _, out _) ? booker.GetAsync(eventId, meetingId, cancellationToken) : Task.FromResult<MeetingRecord?>(null);

    /// <summary>
    /// Why <paramref name="meeting"/> cannot move to <paramref name="slot"/> now (null when it can), and the booth seat
    /// it would take there. Advisory: the move's transaction is what guarantees it, this only explains refusals.
    /// </summary>
    public async Task<(string? Reason, int Seat)> CheckSlotAsync(ExpoEvent expo, MeetingRecord meeting, int slot, CancellationToken cancellationToken)
    {
        var grid = expo.Grid;
        var now = Now;
        if (grid[meeting.Slot].StartUtc <= now)
        {
            return ("The meeting has already started.", 0);
        }

        if (grid[slot].StartUtc <= now)
        {
            return ("That slot has already started.", 0);
        }

        var visitorRead = participants.GetAsync(expo.Id, ParticipantKind.Visitor, meeting.VisitorId, cancellationToken);
        var exhibitor = await participants.GetAsync(expo.Id, ParticipantKind.Exhibitor, meeting.ExhibitorId, cancellationToken);
        var visitor = await visitorRead;
        if (visitor is not { IsActive: true } || exhibitor is not { IsActive: true })
        {
            return ("A party of the meeting has withdrawn.", 0);
        }

        if (!SlotPicker.Mask(grid, visitor.Availability)[slot])
        {
            return ("The visitor is not available in that slot.", 0);
        }

        if (!SlotPicker.Mask(grid, exhibitor.Availability)[slot])
        {
            return ("The exhibitor is not available in that slot.", 0);
        }

        var others = (await ledger.ListForPartiesAsync(expo.Id, meeting.VisitorId, meeting.ExhibitorId, cancellationToken))
            .Where(m => m.IsLive && m.Slot == slot && m.MeetingId != meeting.MeetingId).ToList();
        if (others.Any(m => m.VisitorId == meeting.VisitorId))
        {
            return ("The visitor has another meeting in that slot.", 0);
        }

        // Any free seat of the booth (ADR-001: online and onsite meetings share the booth's seats).
        var taken = others.Where(m => m.ExhibitorId == meeting.ExhibitorId).Select(m => m.Table).ToHashSet();
        var seat = Enumerable.Range(1, Math.Max(1, exhibitor.Tables)).FirstOrDefault(t => !taken.Contains(t));
        return seat == 0 ? ("The exhibitor has no free table in that slot.", 0) : (null, seat);
    }

    /// <summary>
    /// Asks again for a move's follow-up (<see cref="MeetingMover.EmailJobs"/>, committed with the move as pending work):
    /// a retried acceptance makes sure it is delivered. The email job compares schedule versions and claims an outbox
    /// row per version, so repeats send nothing twice.
    /// </summary>
    public Task RequeueMovedWorkAsync(MeetingRecord meeting, CancellationToken cancellationToken) =>
        emails.EnqueueAllAsync(MeetingMover.EmailJobs(meeting), cancellationToken);
}
