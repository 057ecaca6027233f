using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The standalone trigger host: in standalone mode only (Azure Functions drives the triggers in custom-handler
/// mode), one <see cref="QueueListener"/> per queue function and one <see cref="TimerRunner"/> per timer function of
/// the registry, with the Functions host's semantics (functions-hosting.md; tuning in <see cref="StandaloneTriggerOptions"/>).
/// Each invocation resolves the function in a fresh DI scope.
/// </summary>
internal static class StandaloneTriggerHost
{
    public static IServiceCollection AddStandaloneTriggerHost(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StandaloneTriggerOptions>().BindConfiguration(StandaloneTriggerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StandaloneTriggerOptions>, StandaloneTriggerOptionsValidator>();
        services.AddHostedService<StandaloneTriggerService>();
        return services;
    }
}

/// <summary>Starts every listener and timer with the app and stops them together within the shutdown timeout.</summary>
internal sealed class StandaloneTriggerService(
    FunctionRegistry registry,
    IServiceProvider services,
    IOptions<StandaloneTriggerOptions> options,
    IOptions<TimerSchedulesOptions> schedules,
    TimeProvider time,
    IHostEnvironment environment,
    ILoggerFactory logs) : IHostedService, IDisposable
{
    private readonly List<QueueListener> _listeners = [];
    private readonly List<TimerRunner> _timers = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var queueFunctions = registry.QueueFunctions.ToList();
        var timerFunctions = registry.TimerFunctions.ToList();
        if (queueFunctions.Count > 0)
        {
            // Resolved only when needed: an app without queue functions must not require queue storage.
            var queues = services.GetRequiredService<QueueServiceClient>();
            var logger = logs.CreateLogger<QueueListener>();
            _listeners.AddRange(queueFunctions.Select(f => new QueueListener(f, queues, scopes, settings, time, logger)));
        }

        if (timerFunctions.Count > 0)
        {
            var table = services.GetRequiredService<TableServiceClient>().GetTableClient(settings.TimerTableName);
            var monitor = new TimerScheduleMonitor(table, settings.TimerPartition);
            var logger = logs.CreateLogger<TimerRunner>();
            _timers.AddRange(timerFunctions.Select(f =>
                new TimerRunner(f, schedules.Value, monitor, scopes, time, environment.IsDevelopment(), logger)));
        }

        _listeners.ForEach(l => l.Start());
        _timers.ForEach(t => t.Start());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_listeners.Select(l => l.StopAsync(cancellationToken)).Concat(_timers.Select(t => t.StopAsync(cancellationToken))));

    /// <summary>A host disposed without a graceful stop: cancel everything still running.</summary>
    public void Dispose()
    {
        _listeners.ForEach(l => l.Abort());
        _timers.ForEach(t => t.Abort());
    }
}
