using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Meetings.Reschedule;

public enum MoveOutcome
{
    /// <summary>The meeting is in its new slot.</summary>
    Moved,
    /// <summary>The meeting row changed since it was read (another decision, the matcher freed it): re-read.</summary>
    Changed,
    /// <summary>The visitor has another meeting in the new slot: nothing was written.</summary>
    VisitorTaken,
    /// <summary>The booth seat tried is taken in the new slot: nothing was written; try another seat.</summary>
    SeatTaken,
}

/// <summary>
/// Writes reschedule proposals onto meeting rows and moves meetings (ADR-001, amendment "reschedule"). A move is ONE
/// entity group transaction in the event's Meetings partition: the meeting row replaced under its ETag (new slot and
/// seat, Sequence+1, same id and so the same calendar UID), the old slot's visitor-busy and seat rows deleted, the new
/// slot's inserted create-only. A matcher booking the same visitor or seat at the same moment makes one of the two
/// transactions fail whole, so a move can never double-book; a stale read fails on the ETag. Both parties' schedule
/// email jobs are pending work in the same transaction (ADR-004), so a committed move always reaches their inboxes.
/// </summary>
public sealed class MeetingMover(RegistrationTables tables, PendingWorkDelivery pendingWork, ILogger<MeetingMover> logger)
{
    /// <summary>Replaces the meeting's proposal under its ETag; false when the row changed since it was read.</summary>
    public async Task<bool> SaveProposalAsync(MeetingRecord meeting, RescheduleProposal proposal, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        try
        {
            await table.UpdateEntityAsync((meeting with { Reschedule = proposal }).ToEntity(), new ETag(meeting.ETag!), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            return false;
        }
    }

    /// <summary>Moves the booked <paramref name="meeting"/> to the accepted proposal's slot, at booth seat <paramref name="seat"/>.</summary>
    public async Task<MoveOutcome> MoveAsync(MeetingRecord meeting, RescheduleProposal accepted, int seat, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var moved = meeting with { Slot = accepted.Slot, Table = seat, Sequence = meeting.Sequence + 1, Reschedule = accepted };
        TableEntity Reservation(string rowKey) => new(meeting.EventId, rowKey) { [MeetingRow.HeldBy] = meeting.MeetingId };
        // Order matters: the failing action's index says what was taken (3: visitor busy, 4: seat).
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, moved.ToEntity(), new ETag(meeting.ETag!)),
            new(TableTransactionActionType.Delete, new TableEntity(meeting.EventId, MeetingRow.VisitorBusyRowKey(meeting.Slot, meeting.VisitorId)), ETag.All),
            new(TableTransactionActionType.Delete, new TableEntity(meeting.EventId, MeetingRow.TableBusyRowKey(meeting.Slot, meeting.ExhibitorId, meeting.Table)), ETag.All),
            new(TableTransactionActionType.Add, Reservation(MeetingRow.VisitorBusyRowKey(moved.Slot, moved.VisitorId))),
            new(TableTransactionActionType.Add, Reservation(MeetingRow.TableBusyRowKey(moved.Slot, moved.ExhibitorId, moved.Table))),
        };
        try
        {
            await pendingWork.SubmitAsync(table, actions, [.. EmailJobs(meeting).Select(ScheduleEmailQueue.Pending)], cancellationToken);
            MeetingsLog.Moved(logger, meeting.MeetingId, meeting.EventId, meeting.Slot, moved.Slot, moved.Sequence);
            return MoveOutcome.Moved;
        }
        catch (TableTransactionFailedException e) when (e.Status == StorageStatus.Conflict && e.FailedTransactionActionIndex is 3 or 4)
        {
            return e.FailedTransactionActionIndex == 3 ? MoveOutcome.VisitorTaken : MoveOutcome.SeatTaken;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound or StorageStatus.Conflict)
        {
            // The meeting row changed (412) or an old reservation is not where the row we read says (404: the row
            // changed under us too). Nothing was written either way; the caller re-reads.
            return MoveOutcome.Changed;
        }
    }

    /// <summary>A moved meeting's follow-up: both parties' schedule emails brought up to date (the jobs compare versions).</summary>
    public static ScheduleEmailJob[] EmailJobs(MeetingRecord meeting) =>
    [
        new(meeting.EventId, meeting.VisitorId, ParticipantKind.Visitor.Name(), ScheduleEmailKinds.Schedule),
        new(meeting.EventId, meeting.ExhibitorId, ParticipantKind.Exhibitor.Name(), ScheduleEmailKinds.Schedule),
    ];

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(MeetingRow.TableName, cancellationToken);
}
