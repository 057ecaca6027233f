using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Hosting;

/// <summary>Program.cs entry points for the hosting feature.</summary>
public static class FunctionHosting
{
    /// <summary>Settings, mode, listening address and the function registry (FunctionCatalog).</summary>
    public static WebApplicationBuilder AddFunctionHosting(this WebApplicationBuilder builder)
    {
        var problems = new StartupProblems();
        if (builder.Environment.IsDevelopment() && LocalSettings.AddTo(builder.Configuration, builder.Environment.ContentRootPath) is { } bad)
        {
            problems.Add(bad);
        }

        var mode = FunctionHostingModes.Detect(builder.Configuration);
        try
        {
            if (FunctionHostingModes.ListenUrl(builder.Configuration) is { } url)
            {
                builder.WebHost.UseUrls(url);
            }
        }
        catch (InvalidOperationException exception)
        {
            problems.Add(exception.Message);
        }

        var services = builder.Services;
        // TryAdd: tests may register their own registry (with test-only functions) before or after this call.
        services.TryAddSingleton(_ => FunctionCatalog.Create());
        services.AddOptions<StartupProblems>().Configure(p => p.AddRange(problems))
            .Validate(p => p.Count == 0, string.Join(" ", problems)).ValidateOnStart();
        services.AddOptions<ExpoMatchOptions>().BindConfiguration(ExpoMatchOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExpoMatchOptions>, ExpoMatchOptionsValidator>();
        services.AddOptions<TimerSchedulesOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<TimerSchedulesOptions>, TimerSchedulesSetup>();
        services.AddSingleton<IValidateOptions<TimerSchedulesOptions>, TimerSchedulesValidator>();
        if (mode == FunctionHostingMode.Standalone)
        {
            // The Functions host drives the triggers in custom-handler mode: nothing of ours may poll or tick there.
            services.AddStandaloneTriggerHost();
        }

        return builder;
    }

    /// <summary>HTTP functions under /api and, in custom-handler mode, the host's invocation endpoints.</summary>
    public static WebApplication MapFunctions(this WebApplication app)
    {
        var registry = app.Services.GetRequiredService<FunctionRegistry>();
        foreach (var function in registry.HttpFunctions)
        {
            var endpoint = app.MapMethods(function.Pattern, function.Methods, function.Handler).WithName(function.Name);
            function.Configure(endpoint);
        }

        var mode = FunctionHostingModes.Detect(app.Configuration);
        if (mode == FunctionHostingMode.CustomHandler)
        {
            app.MapCustomHandlerEndpoints(registry);
        }

        HostingLog.Started(app.Logger, mode, registry.Functions.Count);
        return app;
    }

    /// <summary>
    /// Runs the app, first checking every ValidateOnStart option so that a bad setting ends the process with one
    /// line on stderr and exit code 1 rather than a host-failure stack trace.
    /// </summary>
    public static void RunFunctionApp(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception exception) when (exception is OptionsValidationException or AggregateException)
        {
            Console.Error.WriteLine(StartupFailureLine(exception));
            Environment.ExitCode = 1;
            return;
        }

        app.Run();
    }

    /// <remarks>The startup validator throws one OptionsValidationException, or an AggregateException of several.</remarks>
    internal static string StartupFailureLine(Exception exception)
    {
        var failures = exception is AggregateException all
            ? all.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
            : ((OptionsValidationException)exception).Failures;
        return "ExpoMatch cannot start: " + string.Join(" ", failures.Select(f => f.ReplaceLineEndings(" ")));
    }
}

/// <summary>Problems found while building the host (unreadable local.settings.json, bad port), reported at start.</summary>
internal sealed class StartupProblems : List<string>;
