using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.Storage;
using NCrontab;

namespace ExpoMatch.Functions.Hosting;

/// <summary>A timer's stored status: one row per timer function. Last is null until the timer first ran.</summary>
internal sealed record TimerScheduleRow(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated, ETag ETag = default)
{
    /// <summary>What the function sees (the host's ScheduleStatus; a never-run Last is the default date).</summary>
    public TimerScheduleStatus ToStatus() => new(Last ?? default, Next, LastUpdated);
}

/// <summary>The past-due verdict at start and the row to write first when the stored one is missing or stale.</summary>
internal readonly record struct PastDueCheck(TimeSpan PastDue, TimerScheduleRow? Rewrite);

/// <summary>
/// The schedule monitor (the host's StorageScheduleMonitor) in a table, and the claim that makes a tick run on one
/// instance only. Every change of a row is create-only or ETag-guarded: of several instances racing for a tick,
/// exactly one write succeeds, and only that instance runs the tick.
/// </summary>
internal sealed class TimerScheduleMonitor(TableClient table, string partition)
{
    public const string DefaultTableName = "TimerSchedules";

    public Task EnsureTableAsync(CancellationToken cancellationToken) => table.CreateIfNotExistsAsync(cancellationToken);

    public async Task<TimerScheduleRow?> ReadAsync(string timerName, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityOrNullAsync(partition, timerName, cancellationToken: cancellationToken);
        return entity is null
            ? null
            : new TimerScheduleRow(
                entity.GetDateTimeOffset("Last"),
                entity.GetDateTimeOffset("Next") ?? default,
                entity.GetDateTimeOffset("LastUpdated") ?? default,
                entity.ETag);
    }

    /// <summary>
    /// Writes <paramref name="row"/> if the stored row is still <paramref name="expected"/> (null: only if there is none).
    /// False when another instance wrote first.
    /// </summary>
    public async Task<bool> TryWriteAsync(string timerName, TimerScheduleRow? expected, TimerScheduleRow row, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partition, timerName)
        {
            ["Next"] = row.Next,
            ["LastUpdated"] = row.LastUpdated,
        };
        if (row.Last is { } last)
        {
            entity["Last"] = last;
        }

        try
        {
            if (expected is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, expected.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.Conflict or StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// The host's ScheduleMonitor.CheckPastDueAsync (Microsoft.Azure.WebJobs.Extensions timers): with no row, record
    /// the next occurrence; when the stored Next is not what the schedule gives from Last (or LastUpdated) the
    /// schedule changed, so recompute it (from now if that is already past) without firing; past due when now is
    /// after the recorded Next.
    /// </summary>
    public static PastDueCheck CheckPastDue(CrontabSchedule schedule, TimerScheduleRow? row, DateTimeOffset now)
    {
        if (row is null)
        {
            return new PastDueCheck(TimeSpan.Zero, new TimerScheduleRow(null, NextOccurrence(schedule, now), now));
        }

        var basis = row.Last ?? row.LastUpdated;
        var expectedNext = NextOccurrence(schedule, basis);
        TimerScheduleRow? rewrite = null;
        if (row.Next != expectedNext)
        {
            if (now > expectedNext)
            {
                expectedNext = NextOccurrence(schedule, now);
                basis = now;
            }

            rewrite = new TimerScheduleRow(null, expectedNext, basis);
        }

        var recordedNext = rewrite?.Next ?? row.Next;
        return new PastDueCheck(now > recordedNext ? now - recordedNext : TimeSpan.Zero, rewrite);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public static DateTimeOffset NextOccurrence(CrontabSchedule schedule, DateTimeOffset after) =>
        new(DateTime.SpecifyKind(schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
