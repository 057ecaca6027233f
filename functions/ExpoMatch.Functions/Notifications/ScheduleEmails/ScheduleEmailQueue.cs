using System.Text.Json;
using ExpoMatch.Storage;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// Puts <see cref="ScheduleEmailJob"/>s on the <c>schedule-emails</c> queue (created on first use).
/// <c>ExpoMatch:ScheduleEmailsQueue</c> overrides the name so tests can read exactly their own messages.
/// </summary>
public sealed class ScheduleEmailQueue(QueueServiceClient service, IConfiguration configuration)
{
    public const string QueueNameSetting = "ExpoMatch:ScheduleEmailsQueue";

    private readonly string _queueName = configuration[QueueNameSetting] ?? ScheduleEmailJob.QueueName;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private QueueClient? _queue;

    public async Task EnqueueAsync(ScheduleEmailJob job, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(cancellationToken);
        await queue.SendMessageAsync(Serialize(job), cancellationToken: cancellationToken);
    }

    /// <summary>Many jobs, a few at a time: an event's fan-out is thousands of messages.</summary>
    public Task EnqueueAllAsync(IEnumerable<ScheduleEmailJob> jobs, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (job, ct) => await EnqueueAsync(job, ct));

    public static string Serialize(ScheduleEmailJob job) =>
        JsonSerializer.Serialize(job, ScheduleEmailJsonContext.Default.ScheduleEmailJob);

    private async Task<QueueClient> QueueAsync(CancellationToken cancellationToken)
    {
        if (_queue is { } ready)
        {
            return ready;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (_queue is null)
            {
                var queue = service.GetQueueClient(_queueName);
                await queue.CreateIfNotExistsAsync(cancellationToken);
                _queue = queue;
            }

            return _queue;
        }
        finally
        {
            _createLock.Release();
        }
    }
}
