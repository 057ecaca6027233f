using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.LocalHost.TestApp;

/// <summary>Records each run as "tick|isPastDue|last|next|pid" (round-trip times).</summary>
public sealed class TimerFunctions(Recorder recorder)
{
    [Function("Tick")]
    public Task Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer, FunctionContext context) =>
        recorder.RecordAsync(
            string.Join(
                '|',
                "tick",
                timer.IsPastDue.ToString(CultureInfo.InvariantCulture),
                timer.ScheduleStatus?.Last.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                timer.ScheduleStatus?.Next.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture)),
            context.CancellationToken);
}
