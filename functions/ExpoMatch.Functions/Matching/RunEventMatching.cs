using System.Text.Json;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Meetings;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Matching;

/// <summary>
/// Queue function on <c>matching-runs</c>: executes organiser runs (<see cref="OrganiserRunRequested"/>).
/// A queue of its own rather than <c>matching-work</c>: a whole-event run takes seconds to minutes and may wait for
/// the event's lock, and must not hold up the quick incremental work (accept, decline, withdraw) behind it; it also
/// keeps this function independent of the incremental matcher's code. The message is the same
/// <see cref="MatchingWork"/> JSON (kind <c>organiser-run</c>).
/// </summary>
public sealed class RunEventMatching(MatchingRunner runner, ILogger<RunEventMatching> logger)
{
    [Function(nameof(RunEventMatching))]
    public Task Run(
        [QueueTrigger("%" + MatchingRunQueue.QueueNameSetting + "%", Connection = QueueTriggerSettings.Connection)] string message,
        FunctionContext context) =>
        RunAsync(QueueInvocation.From(message, context), context.CancellationToken);

    public async Task RunAsync(QueueInvocation message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        MatchingWork? work;
        try
        {
            work = MatchingWorkQueue.Deserialize(message.MessageText);
        }
        catch (JsonException)
        {
            work = null;
        }

        // Retrying a message that can never be a run would only end in the poison queue five deliveries later.
        if (work is not OrganiserRunRequested run)
        {
            MatchingRunsLog.NotARunMessage(logger, message.Id, message.QueueName);
            return;
        }

        await runner.HandleAsync(run, message.DequeueCount, cancellationToken);
    }
}
