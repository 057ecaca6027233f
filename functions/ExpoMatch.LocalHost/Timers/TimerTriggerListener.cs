using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using ExpoMatch.LocalHost.Hosting;
using ExpoMatch.LocalHost.Worker;
using ExpoMatch.LocalHost.Worker.Protocol;
using NCrontab;

namespace ExpoMatch.LocalHost.Timers;

/// <summary>
/// One timer-triggered function. Only the host holding the blob lease `locks/{hostId}/{functionId}.Listener` runs it
/// (so several hosts on one storage run each occurrence once); the holder keeps Last/Next in the status blob, fires a
/// missed occurrence once at start with IsPastDue, honours runOnStartup, and never retries a failed run.
/// </summary>
public sealed partial class TimerTriggerListener(
    FunctionDescriptor function,
    CrontabSchedule schedule,
    BlobContainerClient hosts,
    string hostId,
    TimeSpan leaseDuration,
    TimeSpan leaseRetry,
    WorkerSupervisor supervisor,
    FunctionInvoker invoker,
    ILogger logger)
{
    private bool _startedOnce;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var lockBlob = hosts.GetBlobClient($"locks/{hostId}/{function.HostFunctionId}.Listener");
        var lease = lockBlob.GetBlobLeaseClient();
        var outage = new StorageOutage(logger, $"timer 'Functions.{function.Name}'");
        while (!stoppingToken.IsCancellationRequested)
        {
            bool acquired;
            try
            {
                acquired = await TryAcquireAsync(lockBlob, lease, stoppingToken);
                outage.Answered();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                outage.Failed(e); // storage unreachable: one warning, then try again every leaseRetry
                acquired = false;
            }

            if (!acquired)
            {
                await Task.Delay(leaseRetry, stoppingToken);
                continue;
            }

            LogLeaseAcquired(function.Name, hostId);
            using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewal = RenewAsync(lease, lost);
            try
            {
                await RunWhileLeaderAsync(lost.Token);
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested)
            {
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                outage.Failed(e); // give the lease up and compete for it again
            }
            finally
            {
                await lost.CancelAsync();
                await renewal;
                if (stoppingToken.IsCancellationRequested)
                {
                    await ReleaseAsync(lease);
                }
            }
        }
    }

    private async Task RunWhileLeaderAsync(CancellationToken leaderToken)
    {
        var statusBlob = hosts.GetBlobClient(TimerStatus.BlobName(hostId, function.HostFunctionId));
        var status = await TimerStatus.ReadAsync(statusBlob, leaderToken);
        var now = DateTime.UtcNow;
        if (status is not null && status.Next < now)
        {
            // Missed while no host held the lease: once, however many occurrences were missed.
            status = await FireAsync(statusBlob, status, now, isPastDue: true, leaderToken);
        }
        else if (!_startedOnce && function.TriggerBool("runOnStartup"))
        {
            status = await FireAsync(statusBlob, status, now, isPastDue: false, leaderToken);
        }
        else if (status is null)
        {
            status = new TimerStatus(default, schedule.GetNextOccurrence(now), now);
            await status.WriteAsync(statusBlob, leaderToken);
        }

        _startedOnce = true;
        while (true)
        {
            var wait = status.Next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, leaderToken);
            }

            leaderToken.ThrowIfCancellationRequested();
            status = await FireAsync(statusBlob, status, status.Next, isPastDue: false, leaderToken);
        }
    }

    // Runs the function once for `occurrence`, then records it; a failure is logged by the invoker and not retried.
    private async Task<TimerStatus> FireAsync(BlobClient statusBlob, TimerStatus? status, DateTime occurrence, bool isPastDue, CancellationToken leaderToken)
    {
        var next = schedule.GetNextOccurrence(occurrence > DateTime.UtcNow ? occurrence : DateTime.UtcNow);
        var worker = await supervisor.WaitReadyAsync(leaderToken);
        var request = new InvocationRequest();
        var timerInfo = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = status?.Last ?? default, Next = next, LastUpdated = status?.LastUpdated ?? default },
            IsPastDue = isPastDue,
        });
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = TypedDataValues.Json(timerInfo) });
        request.TriggerMetadata[function.TriggerName] = TypedDataValues.Json(timerInfo);
        await invoker.InvokeAsync(worker, function, request, string.Create(CultureInfo.InvariantCulture, $"Timer fired at {DateTime.UtcNow:O}"), CancellationToken.None);
        var updated = new TimerStatus(occurrence, next, DateTime.UtcNow);
        await updated.WriteAsync(statusBlob, CancellationToken.None);
        return updated;
    }

    private async Task<bool> TryAcquireAsync(BlobClient lockBlob, BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        await hosts.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            if (!await lockBlob.ExistsAsync(cancellationToken))
            {
                await lockBlob.UploadAsync(BinaryData.FromString(string.Empty), overwrite: false, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another host created it (or holds a lease on it) first.
        }

        try
        {
            await lease.AcquireAsync(leaseDuration, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private async Task RenewAsync(BlobLeaseClient lease, CancellationTokenSource lost)
    {
        try
        {
            while (true)
            {
                await Task.Delay(leaseDuration / 3, lost.Token);
                await lease.RenewAsync(cancellationToken: lost.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            LogLeaseLost(function.Name, e.GetType().Name);
            await lost.CancelAsync();
        }
    }

    private static async Task ReleaseAsync(BlobLeaseClient lease)
    {
        // Bounded: on Ctrl+C the emulator may be gone already (same process group), and then the lease just expires.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await lease.ReleaseAsync(cancellationToken: timeout.Token);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or OperationCanceledException)
        {
            // Expired, taken already or unreachable: nothing to give back.
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Timer 'Functions.{Function}' is run by this host (lease for host id {HostId})")]
    private partial void LogLeaseAcquired(string function, string hostId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Timer 'Functions.{Function}' lost its lease ({Reason}); another host may run it now")]
    private partial void LogLeaseLost(string function, string reason);
}
