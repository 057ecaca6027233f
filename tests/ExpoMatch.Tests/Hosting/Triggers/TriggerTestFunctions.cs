using System.Collections.Concurrent;
using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Tests.Hosting.Triggers;

/// <summary>What the trigger test functions saw; one instance may be shared by several app instances.</summary>
public sealed class TriggerSink
{
    public ConcurrentQueue<QueueInvocation> Started { get; } = new();

    public ConcurrentQueue<QueueInvocation> Finished { get; } = new();

    public ConcurrentQueue<TimerInvocation> Ticks { get; } = new();

    /// <summary>How long <see cref="SlowQueueHandler"/> works on a message.</summary>
    public TimeSpan SlowHandlerDuration { get; set; } = TimeSpan.FromSeconds(1);

    private int _inFlight;
    private int _maxInFlight;

    /// <summary>The most handlers of <see cref="BatchQueueHandler"/> that ran at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = MaxInFlight; now > max; max = MaxInFlight)
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, max);
        }
    }

    public void Leave() => Interlocked.Decrement(ref _inFlight);
}

// Each test has its own function and queue, so test classes can run in parallel on the shared Azurite.

public sealed class RecordQueueHandler(TriggerSink sink) : IQueueFunction
{
    public static string Name => "RecordQueueHandler";

    public static string QueueName => "trig-record";

    public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Started.Enqueue(message);
        sink.Finished.Enqueue(message);
        return Task.CompletedTask;
    }
}

public sealed class Base64QueueHandler(TriggerSink sink) : IQueueFunction
{
    public static string Name => "Base64QueueHandler";

    public static string QueueName => "trig-base64";

    public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Finished.Enqueue(message);
        return Task.CompletedTask;
    }
}

public sealed class FailingQueueHandler(TriggerSink sink) : IQueueFunction
{
    public static string Name => "FailingQueueHandler";

    public static string QueueName => "trig-failing";

    public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Started.Enqueue(message);
        throw new InvalidOperationException("failing on purpose");
    }
}

/// <summary>Message "i" works (i % 4 + 1) * 200 ms, so a batch finishes one by one.</summary>
public sealed class BatchQueueHandler(TriggerSink sink) : IQueueFunction
{
    public static string Name => "BatchQueueHandler";

    public static string QueueName => "trig-batch";

    public async Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Enter();
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds((int.Parse(message.MessageText, System.Globalization.CultureInfo.InvariantCulture) % 4 + 1) * 200), cancellationToken);
            sink.Finished.Enqueue(message);
        }
        finally
        {
            sink.Leave();
        }
    }
}

public sealed class SlowQueueHandler(TriggerSink sink) : IQueueFunction
{
    public static string Name => "SlowQueueHandler";

    public static string QueueName => "trig-slow";

    public async Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Started.Enqueue(message);
        await Task.Delay(sink.SlowHandlerDuration, cancellationToken);
        sink.Finished.Enqueue(message);
    }
}

public sealed class OrphanQueueHandler(TriggerSink sink) : IQueueFunction
{
    public static string Name => "OrphanQueueHandler";

    public static string QueueName => "trig-orphan";

    public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Finished.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>"quick" finishes shortly after shutdown starts, ignoring cancellation; "stuck" runs until cancelled.</summary>
public sealed class ShutdownQueueHandler(TriggerSink sink) : IQueueFunction
{
    public static string Name => "ShutdownQueueHandler";

    public static string QueueName => "trig-shutdown";

    public async Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Started.Enqueue(message);
        if (message.MessageText == "quick")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1500), CancellationToken.None);
        }
        else
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        sink.Finished.Enqueue(message);
    }
}

public sealed class EverySecondTimer(TriggerSink sink) : ITimerFunction
{
    public static string Name => "EverySecondTimer";

    public static string ScheduleSetting => "ExpoMatch:Schedules:EverySecondTimer";

    public static string DefaultSchedule => "* * * * * *";

    public Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken)
    {
        sink.Ticks.Enqueue(timer);
        return Task.CompletedTask;
    }
}

public sealed class HourlyTimer(TriggerSink sink) : ITimerFunction
{
    public static string Name => "HourlyTimer";

    public static string ScheduleSetting => "ExpoMatch:Schedules:HourlyTimer";

    public static string DefaultSchedule => "0 0 * * * *";

    public Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken)
    {
        sink.Ticks.Enqueue(timer);
        return Task.CompletedTask;
    }
}

public sealed class FailingTimer(TriggerSink sink) : ITimerFunction
{
    public static string Name => "FailingTimer";

    public static string ScheduleSetting => "ExpoMatch:Schedules:FailingTimer";

    public static string DefaultSchedule => "* * * * * *";

    public Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken)
    {
        sink.Ticks.Enqueue(timer);
        throw new InvalidOperationException("failing on purpose");
    }
}
