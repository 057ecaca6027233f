using System.Globalization;
using NCrontab;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// Runs one timer function as the Functions host's TimerListener does, with the singleton replaced by a per-tick
/// claim in the schedule table: at start a missed occurrence fires once with IsPastDue (else RunOnStartup fires, in
/// Development only); then each occurrence (UTC) is claimed by an ETag-guarded write of the timer's row and run
/// only by the instance whose write won. A failed run is logged and not retried; the next tick comes as scheduled.
/// </summary>
/// <remarks>
/// The claim is written before the run (the host writes Last/Next after it): an instance that dies mid-run does not
/// get that tick re-run as past due elsewhere. A tick is thus run at most once; missed ticks catch up once at start.
/// </remarks>
internal sealed class TimerRunner
{
    private static readonly TimeSpan StorageRetryDelay = TimeSpan.FromSeconds(2);

    private readonly TimerFunctionDescriptor _function;
    private readonly CrontabSchedule _schedule;
    private readonly string _expression;
    private readonly TimerScheduleMonitor _monitor;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly bool _runOnStartup;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private Task _running = Task.CompletedTask;

    public TimerRunner(
        TimerFunctionDescriptor function,
        TimerSchedulesOptions schedules,
        TimerScheduleMonitor monitor,
        IServiceScopeFactory scopes,
        TimeProvider time,
        bool isDevelopment,
        ILogger logger)
    {
        _function = function;
        _expression = schedules.Expressions[function.Name];
        _schedule = schedules.ScheduleOf(function.Name);
        _monitor = monitor;
        _scopes = scopes;
        _time = time;
        _runOnStartup = function.RunOnStartup && isDevelopment;
        _logger = logger;
    }

    public void Start() => _running = Task.Run(RunAsync);

    /// <param name="cancellationToken">The host's shutdown timeout: when it fires, a run still going is cancelled.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await using (cancellationToken.Register(() => _abort.Cancel()))
        {
            await _running;
        }
    }

    public void Abort()
    {
        _stop.Cancel();
        _abort.Cancel();
    }

    private async Task RunAsync()
    {
        var stopping = _stop.Token;
        try
        {
            var now = _time.GetUtcNow();
            var upcoming = new List<DateTimeOffset>();
            for (var t = now; upcoming.Count < 5; upcoming.Add(t))
            {
                t = TimerScheduleMonitor.NextOccurrence(_schedule, t);
            }

            TriggerLog.TimerStarted(_logger, _function.Name, _expression,
                string.Join(", ", upcoming.Select(t => t.ToString("u", CultureInfo.InvariantCulture))));

            await StartUpAsync(stopping);
            var lastTick = _time.GetUtcNow();
            while (!stopping.IsCancellationRequested)
            {
                now = _time.GetUtcNow();
                var tick = TimerScheduleMonitor.NextOccurrence(_schedule, now > lastTick ? now : lastTick);
                var wait = tick - now;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, stopping);
                lastTick = tick;
                await RunTickAsync(tick, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while waiting for the next tick.
        }
    }

    /// <summary>The host's start-up: make sure a row exists, catch up a missed occurrence once, else RunOnStartup.</summary>
    private async Task StartUpAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await _monitor.EnsureTableAsync(stopping);
                var row = await _monitor.ReadAsync(_function.Name, stopping);
                var now = _time.GetUtcNow();
                var check = TimerScheduleMonitor.CheckPastDue(_schedule, row, now);
                if (check.Rewrite is { } rewrite)
                {
                    if (!await _monitor.TryWriteAsync(_function.Name, row, rewrite, stopping))
                    {
                        // Another instance started at the same moment and wrote first: judge its row instead.
                        continue;
                    }

                    row = await _monitor.ReadAsync(_function.Name, stopping);
                }

                if (check.PastDue > TimeSpan.Zero && row is not null)
                {
                    TriggerLog.TimerPastDue(_logger, _function.Name, check.PastDue);
                    var claim = row with { Last = now, Next = TimerScheduleMonitor.NextOccurrence(_schedule, now), LastUpdated = now };
                    if (await _monitor.TryWriteAsync(_function.Name, row, claim, stopping))
                    {
                        await InvokeAsync(row.Next, new TimerInvocation(IsPastDue: true, row.ToStatus()));
                    }
                    else
                    {
                        TriggerLog.TimerTickTaken(_logger, _function.Name, row.Next);
                    }
                }
                else if (_runOnStartup)
                {
                    TriggerLog.TimerRunOnStartup(_logger, _function.Name);
                    await InvokeAsync(now, new TimerInvocation(IsPastDue: false, row?.ToStatus()));
                }

                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
            {
                TriggerLog.TimerStorageError(_logger, _function.Name, "starting", e.GetType().Name, (e as Azure.RequestFailedException)?.Status ?? 0);
                await Task.Delay(StorageRetryDelay, _time, stopping);
            }
        }
    }

    /// <summary>Claims the tick (create-only or ETag-guarded write of Last = tick) and runs it if the claim won.</summary>
    private async Task RunTickAsync(DateTimeOffset tick, CancellationToken stopping)
    {
        TimerScheduleRow? row;
        bool claimed;
        try
        {
            row = await _monitor.ReadAsync(_function.Name, stopping);
            var claim = new TimerScheduleRow(tick, TimerScheduleMonitor.NextOccurrence(_schedule, tick), _time.GetUtcNow());
            // A stored Next after this tick means another instance claimed it (or a later one) already.
            claimed = (row is null || row.Next <= tick) && await _monitor.TryWriteAsync(_function.Name, row, claim, stopping);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            TriggerLog.TimerStorageError(_logger, _function.Name, "claiming a tick", e.GetType().Name, (e as Azure.RequestFailedException)?.Status ?? 0);
            return;
        }

        if (!claimed)
        {
            TriggerLog.TimerTickTaken(_logger, _function.Name, tick);
            return;
        }

        // What the host hands over: the status before this run, whose Next is this tick.
        var status = new TimerScheduleStatus(row?.Last ?? default, tick, row?.LastUpdated ?? tick);
        await InvokeAsync(tick, new TimerInvocation(IsPastDue: false, status));
    }

    private async Task InvokeAsync(DateTimeOffset occurrence, TimerInvocation invocation)
    {
        TriggerLog.TimerRunning(_logger, _function.Name, occurrence, invocation.IsPastDue);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await _function.InvokeAsync(scope.ServiceProvider, invocation, _abort.Token);
        }
        catch (Exception e)
        {
            // The host does not retry a failed timer run: the schedule goes on.
            TriggerLog.TimerFailed(_logger, _function.Name, occurrence, e);
        }
    }
}
