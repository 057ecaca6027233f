using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Meetings;

/// <summary>Which row of a booking transaction was already taken.</summary>
public enum Reservation
{
    /// <summary>The meeting row itself: this meeting id exists (a duplicate, a retry, or an outdated generation).</summary>
    Meeting = 0,
    /// <summary>The visitor already has a meeting in the slot.</summary>
    VisitorSlot = 1,
    /// <summary>The booth table is taken in the slot.</summary>
    BoothTable = 2,
    /// <summary>The pair already has a live meeting.</summary>
    Pair = 3,
    /// <summary>The visitor's quota token is held by another meeting (their cap is or was about to be reached).</summary>
    VisitorQuota = 4,
    /// <summary>The exhibitor's quota token is held by another meeting.</summary>
    ExhibitorQuota = 5,
}

public enum BookingOutcome
{
    /// <summary>The meeting is booked as asked (now, or by an earlier attempt of the same booking that landed).</summary>
    Booked,
    /// <summary>The pair already has a live meeting (<see cref="BookingResult.Existing"/>): nothing was written.</summary>
    PairAlreadyBooked,
    /// <summary>A reservation was taken (<see cref="BookingResult.Conflicted"/>): nothing was written; re-read and retry.</summary>
    Conflict,
}

public sealed record BookingResult(BookingOutcome Outcome, Reservation? Conflicted = null, MeetingRecord? Existing = null);

public enum FreeOutcome
{
    /// <summary>The meeting is no longer live (freed now, or already freed by an earlier attempt or someone else).</summary>
    Freed,
    /// <summary>The meeting changed since it was read and is still live: re-read and decide again.</summary>
    Changed,
}

/// <summary>
/// Books and frees meetings (ADR-001). A booking is ONE entity group transaction in the event's Meetings partition:
/// the meeting row plus its reservations (visitor-busy, table-busy, pair, visitor and exhibitor quota tokens), all
/// create-only, so a taken slot, table, pair or cap fails the whole booking and nothing is written. Freeing is ONE
/// transaction: the meeting row becomes cancelled (or declined) with Sequence+1 under its ETag, and its reservation
/// rows are deleted. Safe to call from any number of instances and to retry.
/// </summary>
public sealed class MeetingBooker(RegistrationTables tables, ILogger<MeetingBooker> logger)
{
    /// <summary>Books <paramref name="meeting"/> (Status booked or proposed, Sequence 0).</summary>
    public async Task<BookingResult> BookAsync(MeetingRecord meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        if (!meeting.IsLive)
        {
            throw new ArgumentException($"Only a booked or proposed meeting can be booked, not '{meeting.Status}'.", nameof(meeting));
        }

        var table = await Table(cancellationToken);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, meeting.ToEntity()) };
        actions.AddRange(meeting.ReservationRowKeys.Select(rowKey => new TableTransactionAction(
            TableTransactionActionType.Add, new TableEntity(meeting.EventId, rowKey) { [MeetingRow.HeldBy] = meeting.MeetingId })));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            MeetingsLog.Booked(logger, meeting.MeetingId, meeting.EventId, meeting.Slot, meeting.Table);
            return new BookingResult(BookingOutcome.Booked);
        }
        catch (TableTransactionFailedException e) when (e.Status == StorageStatus.Conflict)
        {
            // The index of the action the service refused is the reservation that was taken (actions follow Reservation's order).
            var conflicted = e.FailedTransactionActionIndex is { } i and >= 0 and <= 5 ? (Reservation)i : Reservation.Meeting;
            return await ExplainConflictAsync(table, meeting, conflicted, cancellationToken);
        }
    }

    /// <summary>
    /// Frees a live meeting: cancelled (requests withdrawn or cancelled) or declined (a declined proposal, never
    /// proposed again). The Sequence bump makes the next schedule and invite a CANCEL of the same UID.
    /// </summary>
    public async Task<FreeOutcome> FreeAsync(MeetingRecord meeting, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        if (status is not (MeetingStatus.Cancelled or MeetingStatus.Declined))
        {
            throw new ArgumentException($"A meeting is freed as cancelled or declined, not '{status}'.", nameof(status));
        }

        if (!meeting.IsLive)
        {
            return FreeOutcome.Freed;
        }

        var table = await Table(cancellationToken);
        var freed = meeting with { Status = status, Sequence = meeting.Sequence + 1 };
        var deletes = meeting.ReservationRowKeys.ToList();
        // Each round drops one reservation found missing (only possible for rows written before quota tokens
        // existed, or by hand): the meeting must still be freed, and the rest deleted atomically with it.
        for (var round = 0; round <= deletes.Count; round++)
        {
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, freed.ToEntity(), new ETag(meeting.ETag!)),
            };
            actions.AddRange(deletes.Select(rowKey => new TableTransactionAction(
                TableTransactionActionType.Delete, new TableEntity(meeting.EventId, rowKey), ETag.All)));
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                MeetingsLog.Freed(logger, meeting.MeetingId, meeting.EventId, status);
                return FreeOutcome.Freed;
            }
            catch (TableTransactionFailedException e) when (e.Status == StorageStatus.NotFound && e.FailedTransactionActionIndex is { } i && i > 0 && i <= deletes.Count)
            {
                MeetingsLog.ReservationMissing(logger, meeting.MeetingId, meeting.EventId, deletes[i - 1]);
                deletes.RemoveAt(i - 1);
            }
            catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
            {
                // The meeting row changed or is gone: an earlier attempt of ours landed, or another instance acted.
                var now = await ReadAsync(table, meeting.EventId, meeting.MeetingId, cancellationToken);
                return now is { IsLive: true } ? FreeOutcome.Changed : FreeOutcome.Freed;
            }
        }

        return FreeOutcome.Changed;
    }

    /// <summary>Turns a live proposal into a booked meeting (Sequence+1, ETag-guarded); false when it changed.</summary>
    public async Task<bool> ConfirmAsync(MeetingRecord proposal, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var table = await Table(cancellationToken);
        var booked = proposal with { Status = MeetingStatus.Booked, Sequence = proposal.Sequence + 1, RequestId = requestId };
        try
        {
            await table.UpdateEntityAsync(booked.ToEntity(), new ETag(proposal.ETag!), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            var now = await ReadAsync(table, proposal.EventId, proposal.MeetingId, cancellationToken);
            return now is { Status: MeetingStatus.Booked };
        }
    }

    /// <summary>The meeting row, or null.</summary>
    public async Task<MeetingRecord?> GetAsync(string eventId, string meetingId, CancellationToken cancellationToken) =>
        await ReadAsync(await Table(cancellationToken), eventId, meetingId, cancellationToken);

    private async Task<BookingResult> ExplainConflictAsync(
        TableClient table, MeetingRecord meeting, Reservation conflicted, CancellationToken cancellationToken)
    {
        MeetingRecord? existing = null;
        if (conflicted == Reservation.Meeting)
        {
            existing = await ReadAsync(table, meeting.EventId, meeting.MeetingId, cancellationToken);
            if (existing is not null && existing.IsLive && existing.SamePlacementAs(meeting))
            {
                // Our own earlier attempt landed (or an identical duplicate did): the booking is done.
                return new BookingResult(BookingOutcome.Booked, Existing: existing);
            }
        }
        else if (conflicted == Reservation.Pair)
        {
            var pair = await table.GetEntityOrNullAsync(meeting.EventId, MeetingRow.PairRowKey(meeting.VisitorId, meeting.ExhibitorId),
                cancellationToken: cancellationToken);
            if (pair?.GetString(MeetingRow.HeldBy) is { } heldBy)
            {
                existing = await ReadAsync(table, meeting.EventId, heldBy, cancellationToken);
            }
        }

        if (existing is { IsLive: true } && existing.VisitorId == meeting.VisitorId && existing.ExhibitorId == meeting.ExhibitorId)
        {
            return new BookingResult(BookingOutcome.PairAlreadyBooked, conflicted, existing);
        }

        MeetingsLog.BookingConflict(logger, meeting.MeetingId, meeting.EventId, conflicted);
        return new BookingResult(BookingOutcome.Conflict, conflicted, existing);
    }

    private static async Task<MeetingRecord?> ReadAsync(TableClient table, string eventId, string meetingId, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityOrNullAsync(eventId, MeetingRow.RowKey(meetingId), cancellationToken: cancellationToken);
        return entity is null ? null : MeetingRecord.FromEntity(entity);
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(MeetingRow.TableName, cancellationToken);
}
