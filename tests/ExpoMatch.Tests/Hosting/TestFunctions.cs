using System.Collections.Concurrent;
using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Tests.Hosting;

/// <summary>What the test functions received, shared through DI so a test can assert on it.</summary>
public sealed class InvocationSink
{
    public ConcurrentQueue<QueueInvocation> Messages { get; } = new();

    public ConcurrentQueue<TimerInvocation> Ticks { get; } = new();
}

public sealed class RecordQueueMessage(InvocationSink sink) : IQueueFunction
{
    public static string Name => "RecordQueueMessage";

    public static string QueueName => "test-records";

    public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        sink.Messages.Enqueue(message);
        return Task.CompletedTask;
    }
}

public sealed class FailOnQueueMessage : IQueueFunction
{
    public static string Name => "FailOnQueueMessage";

    public static string QueueName => "test-failures";

    public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("handler failed on purpose");
}

public sealed class RecordTimerTick(InvocationSink sink) : ITimerFunction
{
    public static string Name => "RecordTimerTick";

    public static string ScheduleSetting => "ExpoMatch:Schedules:RecordTimerTick";

    public static string DefaultSchedule => "0 */5 * * * *";

    public Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken)
    {
        sink.Ticks.Enqueue(timer);
        return Task.CompletedTask;
    }
}

public static class TestCatalog
{
    /// <summary>The real catalog plus the test-only functions.</summary>
    public static FunctionRegistry Create() => FunctionCatalog.Create()
        .Queue<RecordQueueMessage>()
        .Queue<FailOnQueueMessage>()
        .Timer<RecordTimerTick>();
}
