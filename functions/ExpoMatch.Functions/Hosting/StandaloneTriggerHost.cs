namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The seam for the standalone trigger host: queue listeners and timers as hosted services with the Functions
/// semantics (functions-hosting.md; numbers in <see cref="QueueTriggerSettings"/>). It is called only in standalone
/// mode, with the registry whose descriptors carry typed invokers (QueueFunctionDescriptor.InvokeAsync,
/// TimerFunctionDescriptor.InvokeAsync; resolve them in a fresh DI scope per invocation).
/// The listeners need the storage clients, which are not in this build yet: until they are registered here, the
/// app says at start which queue and timer functions will not run, instead of pretending to run them.
/// </summary>
internal static class StandaloneTriggerHost
{
    public static IServiceCollection AddStandaloneTriggerHost(this IServiceCollection services)
    {
        services.AddHostedService<UnhostedTriggersWarning>();
        return services;
    }

    private sealed class UnhostedTriggersWarning(FunctionRegistry registry, ILogger<UnhostedTriggersWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var unhosted = registry.Functions.Where(f => f is not HttpFunctionDescriptor).Select(f => f.Name).ToList();
            if (unhosted.Count > 0)
            {
                HostingLog.TriggersNotHosted(logger, string.Join(", ", unhosted));
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
