using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Timer (every 5 minutes by default): the last line of defence behind pending work (ADR-004). It compares the
/// requests, participants and meetings of each event in play (not ended more than
/// <see cref="PendingWorkOptions.ActiveAfterEnd"/> ago) and re-sends the matcher's work for any state that slipped through
/// (a message that went to the poison queue, a row written outside the app, a bug):
/// <list type="bullet">
/// <item>an accepted request of two active participants with no live meeting and no <c>unplaced</c> mark
/// (<see cref="MeetingRequestAccepted"/>);</item>
/// <item>a live meeting whose request is now declined or cancelled (the matching decline or cancel);</item>
/// <item>a live meeting of a withdrawn participant (<see cref="ParticipantWithdrawn"/>).</item>
/// </list>
/// Only states older than <see cref="PendingWorkOptions.ReconcileAfter"/> count, so work still in flight is not
/// "repaired". The matcher is idempotent, so a repair of something already settling is harmless. What it repaired is
/// logged as counts and ids (request ids are made of random participant ids, never personal data).
/// </summary>
public sealed class ReconcileMeetingRequests(
    RegistrationTables tables,
    EventStore eventStore,
    MeetingLedger ledger,
    MatchingWorkQueue work,
    IOptions<PendingWorkOptions> options,
    TimeProvider time,
    ILogger<ReconcileMeetingRequests> logger)
{
    public const string ScheduleSetting = "ExpoMatch:Schedules:ReconcileMeetingRequests";

    [Function(nameof(ReconcileMeetingRequests))]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(TimerInvocation.From(timer), context.CancellationToken);

    public async Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken)
    {
        // Only events in play: once an event has ended no meeting can be booked or freed any more.
        var events = await eventStore.ListIdsEndingAfterAsync(time.GetUtcNow() - options.Value.ActiveAfterEnd, cancellationToken);
        var repaired = 0;
        foreach (var eventId in events)
        {
            repaired += await ReconcileAsync(eventId, cancellationToken);
        }

        PendingWorkLog.Reconciled(logger, events.Count, repaired);
    }

    /// <summary>Re-sends the work of every slipped state in one event; returns how many it re-sent.</summary>
    public async Task<int> ReconcileAsync(string eventId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settled = now - options.Value.ReconcileAfter;
        var participants = await ParticipantsAsync(eventId, cancellationToken);
        var requests = await RequestsAsync(eventId, cancellationToken);
        var live = (await ledger.ListAllAsync(eventId, cancellationToken)).Where(m => m.IsLive).ToList();
        var livePairs = live.Select(m => (m.VisitorId, m.ExhibitorId)).ToHashSet();
        bool Active(string id) => participants.TryGetValue(id, out var p) && p.IsActive;

        var unbooked = requests.Values
            .Where(r => r.Status == MeetingRequestStatus.Accepted && r.UpdatedAt < settled
                        && r.Placement != MeetingRequestPlacement.Unplaced
                        && Active(r.VisitorId) && Active(r.ExhibitorId)
                        && !livePairs.Contains((r.VisitorId, r.ExhibitorId)))
            .ToList();
        var released = live
            .Select(m => requests.GetValueOrDefault((m.VisitorId, m.ExhibitorId)))
            .OfType<MeetingRequest>()
            .Where(r => r.Status is MeetingRequestStatus.Declined or MeetingRequestStatus.Cancelled && r.UpdatedAt < settled)
            .Distinct()
            .ToList();
        var withdrawn = live
            .SelectMany(m => new[] { m.VisitorId, m.ExhibitorId })
            .Distinct(StringComparer.Ordinal)
            .Select(id => participants.GetValueOrDefault(id))
            .OfType<Participant>()
            .Where(p => !p.IsActive && p.WithdrawnAt is { } at && at < settled)
            .ToList();

        var messages = new List<MatchingWork>();
        messages.AddRange(unbooked.Select(r => (MatchingWork)new MeetingRequestAccepted(eventId, now, r.Id, r.VisitorId, r.ExhibitorId)));
        messages.AddRange(released.Select(r => r.Status == MeetingRequestStatus.Declined
            ? (MatchingWork)new MeetingRequestDeclined(eventId, now, r.Id, r.VisitorId, r.ExhibitorId)
            : new MeetingRequestCancelled(eventId, now, r.Id, r.VisitorId, r.ExhibitorId)));
        messages.AddRange(withdrawn.Select(p => (MatchingWork)new ParticipantWithdrawn(eventId, now, p.Id, p.Kind.Name())));
        foreach (var message in messages)
        {
            await work.EnqueueAsync(message, cancellationToken);
        }

        Report("accepted requests without a meeting or an unplaced mark", unbooked.Select(r => r.Id));
        Report("live meetings of declined or cancelled requests", released.Select(r => r.Id));
        Report("withdrawn participants with live meetings", withdrawn.Select(p => p.Id));
        return messages.Count;

        void Report(string what, IEnumerable<string> ids)
        {
            var list = ids.ToList();
            if (list.Count > 0)
            {
                PendingWorkLog.Repaired(logger, list.Count, what, eventId, string.Join(',', list));
            }
        }
    }

    private async Task<Dictionary<string, Participant>> ParticipantsAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Participants, cancellationToken);
        var result = new Dictionary<string, Participant>(StringComparer.Ordinal);
        foreach (var kind in new[] { ParticipantKind.Visitor, ParticipantKind.Exhibitor })
        {
            await foreach (var e in table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, ParticipantRow.Prefix(kind)), cancellationToken: cancellationToken))
            {
                var participant = ParticipantRow.FromEntity(e);
                result[participant.Id] = participant;
            }
        }

        return result;
    }

    private async Task<Dictionary<(string VisitorId, string ExhibitorId), MeetingRequest>> RequestsAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Requests, cancellationToken);
        var result = new Dictionary<(string, string), MeetingRequest>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, RequestRow.Prefix), cancellationToken: cancellationToken))
        {
            var request = RequestRow.FromEntity(e);
            result[(request.VisitorId, request.ExhibitorId)] = request;
        }

        return result;
    }
}
