namespace ExpoMatch.Functions.Hosting;

/// <summary>What the hosts need to know about one function; built by <see cref="FunctionRegistry"/> from the class.</summary>
public abstract record FunctionDescriptor(string Name, Type FunctionType);

public sealed record HttpFunctionDescriptor(
    string Name,
    Type FunctionType,
    string Route,
    IReadOnlyList<string> Methods,
    Delegate Handler,
    Action<RouteHandlerBuilder> Configure) : FunctionDescriptor(Name, FunctionType)
{
    /// <summary>The path ASP.NET Core serves and Azure Functions forwards: "/api/" + Route.</summary>
    public string Pattern => FunctionLayout.HttpRoutePrefix + Route;
}

public sealed record QueueFunctionDescriptor(
    string Name,
    Type FunctionType,
    string QueueName,
    Func<IServiceProvider, QueueInvocation, CancellationToken, Task> InvokeAsync) : FunctionDescriptor(Name, FunctionType)
{
    /// <summary>Appended to a queue's name for its poison queue (the Functions convention).</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>Where a message goes after maxDequeueCount failed attempts (the Functions convention).</summary>
    public string PoisonQueueName => QueueName + PoisonSuffix;
}

public sealed record TimerFunctionDescriptor(
    string Name,
    Type FunctionType,
    string ScheduleSetting,
    string DefaultSchedule,
    bool RunOnStartup,
    Func<IServiceProvider, TimerInvocation, CancellationToken, Task> InvokeAsync) : FunctionDescriptor(Name, FunctionType)
{
    /// <summary>The app-setting (environment variable) name: configuration ':' becomes '__'.</summary>
    public string ScheduleAppSetting => ScheduleSetting.Replace(":", "__", StringComparison.Ordinal);
}
