using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.LocalHost.TestApp;

/// <summary>
/// Work messages are "verb:id[:ms]": ok succeeds, fail throws, crash kills the worker process on the first delivery,
/// slow runs for ms milliseconds. Every delivery is recorded first as "id|dequeueCount|pid".
/// </summary>
public sealed class QueueFunctions(Recorder recorder)
{
    [Function("Work")]
    public async Task Work([QueueTrigger("%WorkQueue%")] string message, FunctionContext context)
    {
        var parts = message.Split(':');
        var dequeueCount = context.BindingContext.BindingData["DequeueCount"]?.ToString();
        await recorder.RecordAsync($"{parts[1]}|{dequeueCount}|{Environment.ProcessId}", context.CancellationToken);
        switch (parts[0])
        {
            case "fail":
                throw new InvalidOperationException("Failed on purpose by the test app.");
            case "crash" when dequeueCount == "1":
                Environment.FailFast("Crashed on purpose by the test app.");
                break;
            case "slow":
                await Task.Delay(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
                break;
        }
    }
}
