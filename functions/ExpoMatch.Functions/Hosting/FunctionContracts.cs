namespace ExpoMatch.Functions.Hosting;

// A function is one class with one job and a declared trigger. The static members describe the trigger (they feed
// function.json and the endpoint table without creating an instance); the class is resolved from DI per invocation,
// so its constructor takes whatever services it needs. Add a function by writing the class and one line in
// FunctionCatalog.

/// <summary>An HTTP-triggered function: an ordinary ASP.NET Core endpoint served at /api/{Route}.</summary>
/// <remarks>
/// Azure Functions forwards the original request to the same path (custom handler with
/// enableForwardingHttpRequest), so the route here and the route in function.json are one and the same string.
/// </remarks>
public interface IHttpFunction
{
    /// <summary>The function's name: its folder in the Functions layout. Letters, digits, '-' and '_'.</summary>
    static abstract string Name { get; }

    /// <summary>Route template relative to /api, e.g. "events/{eventId}/visitors". ASP.NET Core syntax.</summary>
    static abstract string Route { get; }

    /// <summary>HTTP methods, e.g. [HttpMethods.Post].</summary>
    static abstract IReadOnlyList<string> Methods { get; }

    /// <summary>The minimal-API handler, e.g. a static method group returning TypedResults.</summary>
    static abstract Delegate Handler { get; }

    /// <summary>Adds endpoint metadata (OpenAPI, filters, produces...). The name, tags and methods are set already.</summary>
    static virtual void Configure(RouteHandlerBuilder endpoint)
    {
    }
}

/// <summary>A queue-triggered function. Delivery is at-least-once: RunAsync must be idempotent.</summary>
/// <remarks>Throwing fails the invocation: the message is retried and, after 5 dequeues, moved to {queue}-poison.</remarks>
public interface IQueueFunction
{
    static abstract string Name { get; }

    /// <summary>The storage queue to listen on (3-56 chars, lowercase letters, digits and single hyphens).</summary>
    static abstract string QueueName { get; }

    Task RunAsync(QueueInvocation message, CancellationToken cancellationToken);
}

/// <summary>A timer-triggered function. Only one instance runs a schedule; a failed run is not retried.</summary>
public interface ITimerFunction
{
    static abstract string Name { get; }

    /// <summary>Configuration key holding the six-field NCRONTAB schedule, e.g. "ExpoMatch:Schedules:SendScheduleEmails".</summary>
    static abstract string ScheduleSetting { get; }

    /// <summary>Schedule used when the setting is absent (standalone host only: Azure requires the app setting).</summary>
    static abstract string DefaultSchedule { get; }

    /// <summary>Run once at start as well. Honoured only by the standalone host in Development; never in Azure.</summary>
    static virtual bool RunOnStartup => false;

    Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken);
}
