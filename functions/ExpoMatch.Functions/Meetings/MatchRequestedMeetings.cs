using System.Text.Json;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// Queue function on <c>matching-work</c>: books, frees and proposes meetings as requests, participants and free
/// capacity change (<see cref="Matcher"/>). Delivered at least once, possibly out of order; idempotent.
/// A message that is not matching work is logged and dropped (retrying it cannot help); a storage failure or
/// lasting contention throws, so the host retries the message and finally moves it to the poison queue.
/// </summary>
public sealed class MatchRequestedMeetings(Matcher matcher, ILogger<MatchRequestedMeetings> logger)
{
    [Function(nameof(MatchRequestedMeetings))]
    public Task Run(
        [QueueTrigger("%" + MatchingWorkQueue.QueueNameSetting + "%", Connection = QueueTriggerSettings.Connection)] string message,
        FunctionContext context) =>
        RunAsync(QueueInvocation.From(message, context), context.CancellationToken);

    public Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        MatchingWork work;
        try
        {
            work = message.ReadJson(MatchingWorkJsonContext.Default.MatchingWork);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            MeetingsLog.BadMessage(logger, message.Id);
            return Task.CompletedTask;
        }

        return matcher.HandleAsync(work, cancellationToken);
    }
}
