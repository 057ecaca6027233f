using System.Text.RegularExpressions;

namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The functions the app hosts. Registration reads the class's static trigger declaration, checks it against
/// the Azure naming rules (a mistake fails at start, not at deploy) and keeps a typed invoker. Invokers resolve the
/// function class from the given (scoped) provider, or construct it with constructor injection if not registered.
/// </summary>
public sealed partial class FunctionRegistry
{
    private readonly List<FunctionDescriptor> _functions = [];

    public IReadOnlyList<FunctionDescriptor> Functions => _functions;

    public IEnumerable<HttpFunctionDescriptor> HttpFunctions => _functions.OfType<HttpFunctionDescriptor>();

    public IEnumerable<QueueFunctionDescriptor> QueueFunctions => _functions.OfType<QueueFunctionDescriptor>();

    public IEnumerable<TimerFunctionDescriptor> TimerFunctions => _functions.OfType<TimerFunctionDescriptor>();

    /// <summary>Every queue the registered functions listen on, with its poison queue.</summary>
    public IEnumerable<string> QueueNames =>
        QueueFunctions.SelectMany(f => new[] { f.QueueName, f.PoisonQueueName }).Distinct(StringComparer.Ordinal);

    public FunctionDescriptor? Find(string name) =>
        _functions.Find(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public FunctionRegistry Http<TFunction>()
        where TFunction : IHttpFunction
    {
        var route = TFunction.Route.Trim('/');
        if (TFunction.Methods.Count == 0)
        {
            throw new ArgumentException($"HTTP function {TFunction.Name} declares no methods.");
        }

        return Add(new HttpFunctionDescriptor(
            TFunction.Name, typeof(TFunction), route, [.. TFunction.Methods.Select(m => m.ToUpperInvariant())],
            TFunction.Handler, TFunction.Configure));
    }

    public FunctionRegistry Queue<TFunction>()
        where TFunction : class, IQueueFunction
    {
        if (!QueueNamePattern().IsMatch(TFunction.QueueName))
        {
            throw new ArgumentException(
                $"Queue function {TFunction.Name}: '{TFunction.QueueName}' is not a valid queue name " +
                "(3-56 lowercase letters, digits and single hyphens, so that '-poison' still fits in 63).");
        }

        return Add(new QueueFunctionDescriptor(
            TFunction.Name, typeof(TFunction), TFunction.QueueName,
            (services, message, ct) => ActivatorUtilities.GetServiceOrCreateInstance<TFunction>(services).RunAsync(message, ct)));
    }

    public FunctionRegistry Timer<TFunction>()
        where TFunction : class, ITimerFunction
    {
        if (!SettingKeyPattern().IsMatch(TFunction.ScheduleSetting))
        {
            throw new ArgumentException(
                $"Timer function {TFunction.Name}: '{TFunction.ScheduleSetting}' is not a configuration key " +
                "(letters, digits and '_' separated by ':').");
        }

        if (!TimerSchedule.TryParse(TFunction.DefaultSchedule, out _))
        {
            throw new ArgumentException(
                $"Timer function {TFunction.Name}: default schedule '{TFunction.DefaultSchedule}' is not a six-field NCRONTAB expression.");
        }

        return Add(new TimerFunctionDescriptor(
            TFunction.Name, typeof(TFunction), TFunction.ScheduleSetting, TFunction.DefaultSchedule, TFunction.RunOnStartup,
            (services, timer, ct) => ActivatorUtilities.GetServiceOrCreateInstance<TFunction>(services).RunAsync(timer, ct)));
    }

    private FunctionRegistry Add(FunctionDescriptor function)
    {
        if (!FunctionNamePattern().IsMatch(function.Name))
        {
            throw new ArgumentException(
                $"'{function.Name}' is not a valid function name (a letter, then up to 127 letters, digits, '-' or '_').");
        }

        // The invocation endpoints are POST /{Name}; "api" would shadow the HTTP routes.
        if (string.Equals(function.Name, "api", StringComparison.OrdinalIgnoreCase) || Find(function.Name) is not null)
        {
            throw new ArgumentException($"Function name '{function.Name}' is reserved or already registered.");
        }

        _functions.Add(function);
        return this;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^(?=.{3,56}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(:[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex SettingKeyPattern();
}
