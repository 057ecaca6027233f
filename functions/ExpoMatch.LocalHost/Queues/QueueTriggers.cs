using Azure.Storage.Queues;
using ExpoMatch.LocalHost.Hosting;
using ExpoMatch.LocalHost.Worker;

namespace ExpoMatch.LocalHost.Queues;

/// <summary>Starts a <see cref="QueueTriggerListener"/> for every queue-triggered function once the worker has indexed them.</summary>
public sealed class QueueTriggers(
    AppFolder app,
    LocalHostOptions options,
    WorkerSupervisor supervisor,
    FunctionInvoker invoker,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = await supervisor.Indexed.WaitAsync(stoppingToken);
        var settings = HostJson.Queues(app.HostJson);
        var listeners = new List<Task>();
        foreach (var function in functions.Where(f => string.Equals(f.TriggerType, "queueTrigger", StringComparison.OrdinalIgnoreCase) && !app.IsDisabled(f.Name)))
        {
            var connection = StorageSettings.ConnectionString(app, function.TriggerString("connection"));
            var queueName = app.Resolve(function.TriggerString("queueName") ?? throw new InvalidOperationException($"'{function.Name}' has no queueName.")).ToLowerInvariant();
            var listener = new QueueTriggerListener(
                function,
                new QueueClient(connection, queueName, StorageSettings.WithShortTimeouts(new QueueClientOptions())),
                new QueueClient(connection, queueName + "-poison", StorageSettings.WithShortTimeouts(new QueueClientOptions())),
                settings,
                options.QueueVisibilityWindow,
                supervisor,
                invoker,
                loggers.CreateLogger("ExpoMatch.LocalHost.Queues." + function.Name));
            listeners.Add(listener.RunAsync(stoppingToken));
        }

        try
        {
            await Task.WhenAll(listeners);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
