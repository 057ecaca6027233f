using System.Text.Json;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// Puts <see cref="ScheduleEmailJob"/>s on the <c>schedule-emails</c> queue (created on first use).
/// <c>ExpoMatch:ScheduleEmailsQueue</c> overrides the name so tests can read exactly their own messages.
/// </summary>
public sealed class ScheduleEmailQueue(QueueServiceClient service, IConfiguration configuration)
{
    public const string QueueNameSetting = "ExpoMatch:ScheduleEmailsQueue";

    private readonly OutboundQueue _queue = new(service, configuration[QueueNameSetting] ?? ScheduleEmailJob.QueueName);

    public Task EnqueueAsync(ScheduleEmailJob job, CancellationToken cancellationToken) =>
        _queue.SendAsync(Serialize(job), visibilityDelay: null, cancellationToken);

    /// <summary>Many jobs, a few at a time: an event's fan-out is thousands of messages.</summary>
    public Task EnqueueAllAsync(IEnumerable<ScheduleEmailJob> jobs, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (job, ct) => await EnqueueAsync(job, ct));

    /// <summary>The job as pending work (ADR-004), to record in the same transaction as the change that owes it.</summary>
    public static FollowUpWork.PendingWork Pending(ScheduleEmailJob job) => new(QueueNameSetting, Serialize(job));

    public static string Serialize(ScheduleEmailJob job) =>
        JsonSerializer.Serialize(job, ScheduleEmailJsonContext.Default.ScheduleEmailJob);
}
