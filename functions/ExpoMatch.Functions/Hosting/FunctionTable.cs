using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Hosting;

/// <summary>One [Function] method of the app and its trigger attribute.</summary>
public sealed record FunctionEntry(string Name, Type FunctionType, MethodInfo Method, object Trigger);

/// <summary>
/// The app's functions as the worker indexes them: every [Function] method in this assembly, read by reflection, so
/// the endpoint table, the OpenAPI document and the settings manifest come from the very list the host runs.
/// </summary>
public static class FunctionTable
{
    /// <summary>The route prefix host.json gives (extensions.http.routePrefix).</summary>
    public const string HttpRoutePrefix = "api";

    public static IReadOnlyList<FunctionEntry> All { get; } = Scan();

    public static IEnumerable<(FunctionEntry Function, HttpTriggerAttribute Trigger)> Http =>
        All.Where(f => f.Trigger is HttpTriggerAttribute).Select(f => (f, (HttpTriggerAttribute)f.Trigger));

    public static IEnumerable<(FunctionEntry Function, QueueTriggerAttribute Trigger)> Queues =>
        All.Where(f => f.Trigger is QueueTriggerAttribute).Select(f => (f, (QueueTriggerAttribute)f.Trigger));

    public static IEnumerable<(FunctionEntry Function, TimerTriggerAttribute Trigger)> Timers =>
        All.Where(f => f.Trigger is TimerTriggerAttribute).Select(f => (f, (TimerTriggerAttribute)f.Trigger));

    /// <summary>The setting name inside a `%Setting%` binding expression, or null for a literal.</summary>
    public static string? SettingOf(string expression) =>
        expression.Length > 2 && expression[0] == '%' && expression[^1] == '%' ? expression[1..^1] : null;

    private static List<FunctionEntry> Scan() =>
    [
        .. from type in typeof(FunctionTable).Assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           where function is not null
           let trigger = method.GetParameters()
               .SelectMany(p => p.GetCustomAttributes())
               .Single(a => a is HttpTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute)
           orderby function.Name
           select new FunctionEntry(function.Name, type, method, trigger),
    ];
}
