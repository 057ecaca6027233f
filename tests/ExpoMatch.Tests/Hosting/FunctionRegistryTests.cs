using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Tests.Hosting;

public sealed class FunctionRegistryTests
{
    [Fact]
    public void Registry_ListsQueuesWithTheirPoisonQueues()
    {
        var registry = TestCatalog.Create();

        Assert.Equal(
            ["matching-work", "matching-work-poison", "test-records", "test-records-poison", "test-failures", "test-failures-poison"],
            registry.QueueNames);
    }

    [Fact]
    public void Registry_WhenNameRegisteredTwice_Refuses() =>
        Assert.Throws<ArgumentException>(() => new FunctionRegistry().Queue<RecordQueueMessage>().Queue<RecordQueueMessage>());

    [Fact]
    public void Registry_WhenQueueNameInvalid_Refuses()
    {
        var exception = Assert.Throws<ArgumentException>(() => new FunctionRegistry().Queue<BadQueueName>());
        Assert.Contains("'Match_Requests' is not a valid queue name", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_WhenDefaultScheduleHasFiveFields_Refuses() =>
        Assert.Throws<ArgumentException>(() => new FunctionRegistry().Timer<FiveFieldTimer>());

    [Theory]
    [InlineData("0 */15 * * * *", true)]
    [InlineData("*/10 * * * * 1-5", true)]
    [InlineData("0 */15 * * *", false)]
    [InlineData("every minute", false)]
    [InlineData("", false)]
    public void TimerSchedule_AcceptsOnlySixFieldNcrontab(string expression, bool valid) =>
        Assert.Equal(valid, TimerSchedule.TryParse(expression, out _));

    public sealed class BadQueueName : IQueueFunction
    {
        public static string Name => "BadQueueName";

        public static string QueueName => "Match_Requests";

        public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class FiveFieldTimer : ITimerFunction
    {
        public static string Name => "FiveFieldTimer";

        public static string ScheduleSetting => "ExpoMatch:Schedules:FiveFieldTimer";

        public static string DefaultSchedule => "*/5 * * * *";

        public Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
