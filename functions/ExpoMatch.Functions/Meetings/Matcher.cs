using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.Meetings;

/// <summary>What settling one request came to.</summary>
public enum Settlement
{
    /// <summary>The pair has its live meeting.</summary>
    Placed,
    /// <summary>Accepted, but no common free (slot, table) or a cap is reached: marked unplaced.</summary>
    Unplaced,
    /// <summary>Not accepted (or a party withdrew): the pair holds no live meeting.</summary>
    Released,
}

/// <summary>Thrown when other instances kept taking every slot tried: the message is retried later.</summary>
public sealed class MatcherContentionException(string message) : Exception(message);

/// <summary>
/// The incremental matcher behind <see cref="MatchRequestedMeetings"/>. A message is only a hint: every handler
/// re-reads the rows it acts on (request status, participants, the two parties' meetings), so duplicates and
/// out-of-order delivery converge on the state the rows describe. Storage enforces the invariants (one
/// transaction per booking, <see cref="MeetingBooker"/>); this class only decides what to try.
/// </summary>
public sealed class Matcher(
    EventStore events,
    ParticipantStore participants,
    MeetingRequestStore requests,
    MeetingLedger ledger,
    MeetingBooker booker,
    UnplacedRequests unplaced,
    AutoMatcher autoMatcher,
    MatchingWorkQueue work,
    TimeProvider time,
    ILogger<Matcher> logger)
{
    /// <summary>Positions tried per read of the parties' meetings; a slot lost to another instance is skipped.</summary>
    public const int MaxBookingsPerRead = 16;

    /// <summary>Fresh reads per request before giving up to a queue retry.</summary>
    public const int MaxReads = 6;

    /// <summary>Unplaced requests retried per freed party, most wanted first.</summary>
    public const int MaxRetriedUnplaced = 20;

    public async Task HandleAsync(MatchingWork message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var expo = await events.GetAsync(message.EventId, cancellationToken);
        if (expo is null)
        {
            MeetingsLog.UnknownEvent(logger, message.EventId);
            return;
        }

        switch (message)
        {
            case MeetingRequestAccepted m:
                await SettleAsync(expo, m.VisitorId, m.ExhibitorId, retryOnRelease: true, cancellationToken);
                break;
            case MeetingRequestDeclined m:
                await SettleAsync(expo, m.VisitorId, m.ExhibitorId, retryOnRelease: true, cancellationToken);
                break;
            case MeetingRequestCancelled m:
                await SettleAsync(expo, m.VisitorId, m.ExhibitorId, retryOnRelease: true, cancellationToken);
                break;
            case ParticipantWithdrawn m when ParticipantKinds.TryParse(m.ParticipantKind, out var kind):
                await WithdrawAsync(expo, kind, m.ParticipantId, cancellationToken);
                break;
            case AutoMatchRequested:
                if (expo.AutoMatch)
                {
                    await autoMatcher.ProposeAsync(expo, cancellationToken);
                }

                break;
            default:
                MeetingsLog.UnknownWork(logger, message.EventId);
                break;
        }
    }

    /// <summary>
    /// Makes the pair's meetings agree with its request as it is now: accepted means one live meeting (booked into the
    /// best free position, or the request marked unplaced), anything else means none. When a meeting is freed, the
    /// two parties' unplaced requests are tried again and, with autoMatch, proposals are refreshed.
    /// </summary>
    public async Task<Settlement> SettleAsync(ExpoEvent expo, string visitorId, string exhibitorId, bool retryOnRelease, CancellationToken cancellationToken)
    {
        for (var read = 0; read < MaxReads; read++)
        {
            // Four independent reads in flight at once: the message costs one round trip of latency before deciding.
            var requestRead = requests.GetAsync(expo.Id, visitorId, exhibitorId, cancellationToken);
            var meetingsRead = ledger.ListForPartiesAsync(expo.Id, visitorId, exhibitorId, cancellationToken);
            var (visitor, exhibitor) = await PartiesAsync(expo.Id, visitorId, exhibitorId, cancellationToken);
            var request = await requestRead;
            var meetings = await meetingsRead;
            if (request is not { Status: MeetingRequestStatus.Accepted } || visitor is not { IsActive: true } || exhibitor is not { IsActive: true })
            {
                if (await FreePairAsync(expo.Id, visitorId, exhibitorId, cancellationToken) && retryOnRelease)
                {
                    await AfterFreedAsync(expo, [visitorId], [exhibitorId], cancellationToken);
                }

                return Settlement.Released;
            }

            var pair = meetings.Where(m => m.VisitorId == visitorId && m.ExhibitorId == exhibitorId).ToList();
            if (pair.Find(m => m.IsLive) is { } live)
            {
                if (live.Status == MeetingStatus.Proposed && !await booker.ConfirmAsync(live, request.Id, cancellationToken))
                {
                    continue;
                }

                await unplaced.ClearAsync(request, cancellationToken);
                return Settlement.Placed;
            }

            var outcome = await TryBookAsync(expo, request, visitor, exhibitor, meetings, pair, cancellationToken);
            if (outcome == Settlement.Placed)
            {
                await unplaced.ClearAsync(request, cancellationToken);
                // Close the race with a decision or withdrawal written while we booked: its message may have been
                // handled before our booking landed. Re-reading after the booking means one of us sees the other.
                return await StillWantedAsync(expo.Id, visitorId, exhibitorId, cancellationToken)
                    ? Settlement.Placed
                    : await SettleAsync(expo, visitorId, exhibitorId, retryOnRelease, cancellationToken);
            }

            if (outcome == Settlement.Unplaced)
            {
                await unplaced.MarkAsync(request, cancellationToken);
                MeetingsLog.Unplaced(logger, request.Id, expo.Id);
                return Settlement.Unplaced;
            }
        }

        throw new MatcherContentionException($"Request {visitorId}-{exhibitorId} of event {expo.Id}: every position tried was taken concurrently.");
    }

    /// <summary>Returns Placed, Unplaced, or Released to mean "re-read and try again".</summary>
    private async Task<Settlement> TryBookAsync(ExpoEvent expo, MeetingRequest request, Participant visitor, Participant exhibitor,
        List<MeetingRecord> meetings, List<MeetingRecord> pair, CancellationToken cancellationToken)
    {
        var live = meetings.Where(m => m.IsLive).ToList();
        var visitorQuota = SlotPicker.FreeQuota(live.Where(m => m.VisitorId == visitor.Id).Select(m => m.VisitorQuota), expo.MaxMeetingsPerVisitor);
        var exhibitorQuota = SlotPicker.FreeQuota(live.Where(m => m.ExhibitorId == exhibitor.Id).Select(m => m.ExhibitorQuota), expo.MaxMeetingsPerExhibitor);
        var candidates = SlotPicker.Candidates(expo.Grid, visitor, exhibitor, live, time.GetUtcNow());
        if (visitorQuota < 0 || exhibitorQuota < 0 || candidates.Count == 0)
        {
            return Settlement.Unplaced;
        }

        var generation = pair.Count == 0 ? 0 : pair.Max(m => m.Generation) + 1;
        var reasons = visitor.NormalisedTags.Intersect(exhibitor.NormalisedTags, StringComparer.Ordinal).ToArray();
        var lostSlots = new HashSet<int>();
        foreach (var (slot, table) in candidates.Take(MaxBookingsPerRead))
        {
            if (lostSlots.Contains(slot))
            {
                continue;
            }

            var meeting = new MeetingRecord(expo.Id, MeetingIds.Format(visitor.Id, exhibitor.Id, generation), visitor.Id, exhibitor.Id,
                slot, table, MeetingStatus.Booked, 0, request.Id, reasons, visitorQuota, exhibitorQuota,
                Mode: MeetingModes.For(visitor, exhibitor));
            var result = await booker.BookAsync(meeting, cancellationToken);
            switch (result.Outcome)
            {
                case BookingOutcome.Booked:
                case BookingOutcome.PairAlreadyBooked:
                    return Settlement.Placed;
                case BookingOutcome.Conflict when result.Conflicted == Reservation.VisitorSlot:
                    lostSlots.Add(slot);
                    break;
                case BookingOutcome.Conflict when result.Conflicted == Reservation.BoothTable:
                    break;
                default:
                    // Quota token, pair or meeting id taken: our read is outdated as a whole.
                    return Settlement.Released;
            }
        }

        return Settlement.Released;
    }

    private async Task<bool> StillWantedAsync(string eventId, string visitorId, string exhibitorId, CancellationToken cancellationToken)
    {
        var requestTask = requests.GetAsync(eventId, visitorId, exhibitorId, cancellationToken);
        var (visitor, exhibitor) = await PartiesAsync(eventId, visitorId, exhibitorId, cancellationToken);
        var request = await requestTask;
        return request is { Status: MeetingRequestStatus.Accepted } && visitor is { IsActive: true } && exhibitor is { IsActive: true };
    }

    /// <summary>Frees every live meeting of the pair; true when one was freed.</summary>
    public async Task<bool> FreePairAsync(string eventId, string visitorId, string exhibitorId, CancellationToken cancellationToken)
    {
        var freed = false;
        for (var read = 0; read < MaxReads; read++)
        {
            var live = (await ledger.ListForPairAsync(eventId, visitorId, exhibitorId, cancellationToken)).Where(m => m.IsLive).ToList();
            if (live.Count == 0)
            {
                return freed;
            }

            foreach (var meeting in live)
            {
                freed |= await booker.FreeAsync(meeting, MeetingStatus.Cancelled, cancellationToken) == FreeOutcome.Freed;
            }
        }

        throw new MatcherContentionException($"Pair {visitorId}-{exhibitorId} of event {eventId} kept changing while being freed.");
    }

    private async Task WithdrawAsync(ExpoEvent expo, ParticipantKind kind, string participantId, CancellationToken cancellationToken)
    {
        var current = await participants.GetAsync(expo.Id, kind, participantId, cancellationToken);
        if (current is { IsActive: true })
        {
            // An out-of-date message: the participant is (again) active. Nothing to free.
            return;
        }

        // The withdrawal closed these already unless its request died after the commit; this work never gets lost.
        await requests.CloseForWithdrawalAsync(expo.Id, kind, participantId, time.GetUtcNow(), cancellationToken);

        var visitors = new HashSet<string>(StringComparer.Ordinal);
        var exhibitors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var meeting in await ledger.ListForParticipantAsync(expo.Id, kind, participantId, cancellationToken))
        {
            if (meeting.IsLive && await FreeOneAsync(meeting, cancellationToken))
            {
                visitors.Add(meeting.VisitorId);
                exhibitors.Add(meeting.ExhibitorId);
            }
        }

        (kind == ParticipantKind.Visitor ? visitors : exhibitors).Remove(participantId);
        await AfterFreedAsync(expo, visitors, exhibitors, cancellationToken);
    }

    private async Task<bool> FreeOneAsync(MeetingRecord meeting, CancellationToken cancellationToken)
    {
        for (var read = 0; read < MaxReads; read++)
        {
            if (await booker.FreeAsync(meeting, MeetingStatus.Cancelled, cancellationToken) == FreeOutcome.Freed)
            {
                return true;
            }

            meeting = await booker.GetAsync(meeting.EventId, meeting.MeetingId, cancellationToken) ?? meeting with { Status = MeetingStatus.Cancelled };
        }

        return false;
    }

    /// <summary>Capacity was freed for these parties: their unplaced requests may fit now; proposals may fill the rest.</summary>
    private async Task AfterFreedAsync(ExpoEvent expo, IEnumerable<string> visitorIds, IEnumerable<string> exhibitorIds, CancellationToken cancellationToken)
    {
        var waiting = new List<MeetingRequest>();
        foreach (var id in visitorIds)
        {
            waiting.AddRange((await unplaced.ListAsync(expo.Id, ParticipantKind.Visitor, id, cancellationToken)).Take(MaxRetriedUnplaced));
        }

        foreach (var id in exhibitorIds)
        {
            waiting.AddRange((await unplaced.ListAsync(expo.Id, ParticipantKind.Exhibitor, id, cancellationToken)).Take(MaxRetriedUnplaced));
        }

        foreach (var request in waiting.DistinctBy(r => r.Id).OrderBy(r => r.Priority).ThenBy(r => r.UpdatedAt))
        {
            await SettleAsync(expo, request.VisitorId, request.ExhibitorId, retryOnRelease: false, cancellationToken);
        }

        if (expo.AutoMatch)
        {
            await work.EnqueueAsync(new AutoMatchRequested(expo.Id, time.GetUtcNow()), cancellationToken);
        }
    }

    private async Task<(Participant? Visitor, Participant? Exhibitor)> PartiesAsync(
        string eventId, string visitorId, string exhibitorId, CancellationToken cancellationToken)
    {
        var visitor = participants.GetAsync(eventId, ParticipantKind.Visitor, visitorId, cancellationToken);
        var exhibitor = participants.GetAsync(eventId, ParticipantKind.Exhibitor, exhibitorId, cancellationToken);
        return (await visitor, await exhibitor);
    }
}
