using System.Diagnostics;
using Azure.Data.Tables;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Matching;
using ExpoMatch.Matching.Model;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Matching;

/// <summary>What handling one run message came to.</summary>
public enum RunHandling
{
    /// <summary>The run finished now (succeeded or failed).</summary>
    Finished,
    /// <summary>Another run holds the event's lock: the message was put back on the queue with a delay.</summary>
    Waiting,
    /// <summary>Nothing to do: unknown run or already finished (a redelivered message).</summary>
    Ignored,
}

/// <summary>
/// Executes an organiser run. Order of work, and why it is safe under at-least-once delivery:
/// <list type="number">
/// <item>Take the event's run lock (ETag-guarded lease) as this delivery. Another live holder, even a duplicate
/// delivery of the same run: re-queue the message with a delay and stop; the run keeps its status.</item>
/// <item>Mark the run <c>running</c>, read the event (participants, accepted requests, booked meetings) and run the
/// engine with booked meetings fixed. The metrics of the first attempt are stored and never overwritten.</item>
/// <item>Dry run: finish. Real run: book each new meeting through the booker (deterministic meeting id per pair),
/// renewing the lease as it goes. A crash mid-publish redelivers the message; the retry recomputes with
/// the meetings already booked now fixed, so it publishes only the rest. Storage reservations make a second booking
/// of a pair or a participant's slot impossible whatever happens.</item>
/// <item>Mark <c>succeeded</c> with the count of live meetings carrying this run's reason (exact even after a crash),
/// release the lock.</item>
/// </list>
/// A failure releases the lock and is retried by the queue; on the last delivery the run is marked <c>failed</c>.
/// A crash (no release) holds the event until the lease expires; then the redelivered message takes over.
/// </summary>
public sealed class MatchingRunner(
    RegistrationTables tables,
    EventStore events,
    MatchingRunStore runs,
    MatchingRunQueue queue,
    MeetingBooker booker,
    IOptions<MatchingRunOptions> options,
    TimeProvider time,
    ILogger<MatchingRunner> logger)
{
    private MatchingRunOptions Options => options.Value;

    public async Task<RunHandling> HandleAsync(OrganiserRunRequested work, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var run = await runs.GetAsync(work.EventId, work.RunId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            MatchingRunsLog.RunMessageIgnored(logger, work.RunId, work.EventId, run?.Status ?? "unknown");
            return RunHandling.Ignored;
        }

        var now = time.GetUtcNow();
        var holder = MatchingRunStore.LockHolder(run.Id);
        if (await runs.AcquireLockAsync(run.EventId, holder, now, now + Options.LockLease, cancellationToken) == RunLockResult.Busy)
        {
            var held = await runs.GetLockAsync(run.EventId, cancellationToken);
            MatchingRunsLog.RunWaiting(logger, run.Id, run.EventId, held is { } h ? MatchingRunStore.RunOf(h.Holder) : "");
            await queue.EnqueueAsync(work, Options.BusyRetryDelay, cancellationToken);
            return RunHandling.Waiting;
        }

        try
        {
            await ExecuteAsync(run, holder, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && dequeueCount < QueueTriggerSettings.MaxDequeueCount)
        {
            // The queue redelivers the message at once: free the lock so that delivery can take it straight away.
            MatchingRunsLog.RunAttemptFailed(logger, e, run.Id, run.EventId, dequeueCount);
            await runs.ReleaseLockAsync(run.EventId, holder, CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MatchingRunsLog.RunFailed(logger, e, run.Id, run.EventId);
            await SaveAsync(run.EventId, run.Id, r => r with
            {
                Status = MatchingRunStatus.Failed,
                FinishedAt = time.GetUtcNow(),
                Error = $"The run failed on every delivery ({e.GetType().Name}); meetings booked before the failure stay booked.",
            }, cancellationToken);
            await runs.ReleaseLockAsync(run.EventId, holder, cancellationToken);
            return RunHandling.Finished;
        }

        await runs.ReleaseLockAsync(run.EventId, holder, cancellationToken);
        return RunHandling.Finished;
    }

    private async Task ExecuteAsync(MatchingRun run, string holder, CancellationToken cancellationToken)
    {
        run = await SaveAsync(run.EventId, run.Id, r => r with
        {
            Status = MatchingRunStatus.Running,
            StartedAt = r.StartedAt ?? time.GetUtcNow(),
            Attempts = r.Attempts + 1,
        }, cancellationToken);
        MatchingRunsLog.RunStarted(logger, run.Id, run.EventId, run.Attempts);

        var expo = await events.GetAsync(run.EventId, cancellationToken);
        if (expo is null)
        {
            await SaveAsync(run.EventId, run.Id, r => r with
            {
                Status = MatchingRunStatus.Failed,
                FinishedAt = time.GetUtcNow(),
                Error = "The event no longer exists.",
            }, cancellationToken);
            return;
        }

        var loadStart = Stopwatch.GetTimestamp();
        var snapshot = await EventSnapshot.LoadAsync(expo, tables, cancellationToken);
        var input = snapshot.ToInput(time.GetUtcNow());
        var load = Stopwatch.GetElapsedTime(loadStart);
        var result = MatchingEngine.Run(input, new MatchingOptions(Fairness: RunFairness.Parse(run.Fairness) ?? FairnessMode.None));
        var planned = result.Meetings.Where(m => !m.Fixed).ToList();
        // The engine may take a while on a large event: make sure the lease is still ours before writing anything.
        await RenewLeaseAsync(run, holder, cancellationToken);
        if (run.Metrics is null)
        {
            var metrics = RunMetrics.From(result.Metrics, input.Visitors.Count, input.Exhibitors.Count, input.SlotCount, result.Unplaced.Count, load);
            run = await SaveAsync(run.EventId, run.Id, r => r with { Metrics = metrics, Planned = planned.Count }, cancellationToken);
        }

        var conflicts = run.Conflicts;
        if (!run.DryRun)
        {
            conflicts += await PublishAsync(run, holder, snapshot, planned, cancellationToken);
        }

        var published = run.DryRun ? 0 : await CountPublishedAsync(run, cancellationToken);
        run = await SaveAsync(run.EventId, run.Id, r => r with
        {
            Status = MatchingRunStatus.Succeeded,
            FinishedAt = time.GetUtcNow(),
            Published = published,
            Conflicts = conflicts,
        }, cancellationToken);
        MatchingRunsLog.RunSucceeded(logger, run.Id, run.EventId, run.Planned, run.Published, run.Conflicts);
    }

    /// <summary>
    /// Books the planned meetings; returns how many the booker refused (a reservation appeared since the snapshot,
    /// for example the incremental matcher booked the same visitor's slot). Meeting ids follow the booker's
    /// convention (<see cref="MeetingIds"/>): the generation is the pair's count of earlier, freed meetings, so a
    /// retried booking writes the same row. Each party takes its lowest free quota token.
    /// </summary>
    private async Task<int> PublishAsync(
        MatchingRun run, string holder, EventSnapshot snapshot, List<PlacedMeeting> planned, CancellationToken cancellationToken)
    {
        var requests = snapshot.AcceptedRequests.ToDictionary(r => (r.VisitorId, r.ExhibitorId), r => r.Id);
        var generations = snapshot.Meetings.Where(m => !m.IsLive)
            .CountBy(m => (m.VisitorId, m.ExhibitorId)).ToDictionary(g => g.Key, g => g.Value);
        var quotas = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var m in snapshot.Meetings.Where(m => m.IsLive))
        {
            Used(quotas, "v~" + m.VisitorId).Add(m.VisitorQuota);
            Used(quotas, "x~" + m.ExhibitorId).Add(m.ExhibitorQuota);
        }

        var marker = RunReason(run.Id);
        var conflicts = 0;
        for (var i = 0; i < planned.Count; i++)
        {
            if (i > 0 && i % Options.ProgressEvery == 0)
            {
                await RenewLeaseAsync(run, holder, cancellationToken);
            }

            var m = planned[i];
            if (snapshot.Event.Grid.HasStarted(m.Slot, time.GetUtcNow()))
            {
                // The slot started while the run was solving or publishing (or a widened window let the engine use a
                // started slot of a multi-table booth): a meeting is never booked into the past. Counted as refused.
                conflicts++;
                continue;
            }

            var visitor = snapshot.Visitors[m.Visitor].Id;
            var exhibitor = snapshot.Exhibitors[m.Exhibitor].Id;
            var visitorQuota = Used(quotas, "v~" + visitor);
            var exhibitorQuota = Used(quotas, "x~" + exhibitor);
            var meeting = new MeetingRecord(
                run.EventId,
                MeetingIds.Format(visitor, exhibitor, generations.GetValueOrDefault((visitor, exhibitor))),
                visitor,
                exhibitor,
                m.Slot,
                m.Table + 1,
                MeetingStatus.Booked,
                0,
                requests.GetValueOrDefault((visitor, exhibitor)) ?? "",
                [marker, .. Reasons(m.Reason)],
                LowestFree(visitorQuota),
                LowestFree(exhibitorQuota),
                Mode: MeetingModes.For(snapshot.Visitors[m.Visitor], snapshot.Exhibitors[m.Exhibitor]));
            var result = await booker.BookAsync(meeting, cancellationToken);
            if (result.Outcome == BookingOutcome.Booked)
            {
                visitorQuota.Add(meeting.VisitorQuota);
                exhibitorQuota.Add(meeting.ExhibitorQuota);
            }
            else
            {
                conflicts++;
            }
        }

        return conflicts;
    }

    private static HashSet<int> Used(Dictionary<string, HashSet<int>> quotas, string key) =>
        quotas.TryGetValue(key, out var used) ? used : quotas[key] = [];

    private static int LowestFree(HashSet<int> used)
    {
        var k = 0;
        while (used.Contains(k))
        {
            k++;
        }

        return k;
    }

    /// <summary>The reason every meeting of a run carries, so the run's meetings can be counted (and audited) later.</summary>
    public static string RunReason(string runId) => "organiser-run:" + runId;

    private async Task RenewLeaseAsync(MatchingRun run, string holder, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await runs.AcquireLockAsync(run.EventId, holder, now, now + Options.LockLease, cancellationToken) == RunLockResult.Busy)
        {
            // Our lease ran out and another run took the event: stop publishing; the queue retries this run later.
            throw new InvalidOperationException($"Run {run.Id} lost the lock of event {run.EventId} while publishing.");
        }
    }

    /// <summary>
    /// Live meetings carrying this run's reason: exact even when a crash lost the progress of an earlier attempt.
    /// One range query over the event's meeting rows, reading only the reasons.
    /// </summary>
    private async Task<int> CountPublishedAsync(MatchingRun run, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MeetingRow.TableName, cancellationToken);
        var marker = System.Text.Json.JsonSerializer.Serialize(RunReason(run.Id));
        var count = 0;
        var filter = TableQueries.RowKeyStartsWith(run.EventId, MeetingRow.RowKeyPrefix);
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: [MeetingRow.Status, MeetingRow.Reasons], cancellationToken: cancellationToken))
        {
            if (MeetingStatus.IsLive(e.GetString(MeetingRow.Status) ?? "") &&
                (e.GetString(MeetingRow.Reasons) ?? "").Contains(marker, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    private static List<string> Reasons(MeetingReason reason)
    {
        var reasons = new List<string>();
        if (reason.Requested)
        {
            reasons.Add(reason.Mutual ? "mutual-request" : "request");
        }

        reasons.AddRange(reason.SharedTags.Take(5).Select(t => "tag:" + t));
        return reasons;
    }

    /// <summary>Read-modify-write of the run row with its ETag, retried on a concurrent change.</summary>
    private async Task<MatchingRun> SaveAsync(string eventId, string runId, Func<MatchingRun, MatchingRun> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await runs.GetAsync(eventId, runId, cancellationToken)
                ?? throw new InvalidOperationException($"Run {runId} of event {eventId} disappeared.");
            if (await runs.UpdateAsync(change(current), cancellationToken) is { } saved)
            {
                return saved;
            }
        }

        throw new InvalidOperationException($"Run {runId} of event {eventId} kept changing concurrently.");
    }
}
