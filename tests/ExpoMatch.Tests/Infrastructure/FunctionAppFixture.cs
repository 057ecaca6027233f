using System.Collections.Concurrent;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Tests.LocalHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace ExpoMatch.Tests.Infrastructure;

/// <summary>
/// The ExpoMatch function app as Azure runs it: its build output on the isolated worker, driven by the local
/// Functions host over the worker protocol, on the shared Azurite, with the fixture's app settings in the host's
/// environment. HTTP goes through the host (<see cref="CreateClient"/>). Hosts are shared by every fixture with the
/// same settings for the whole test run; a fixture that needs its own queues or keys gets its own host.
/// <para><see cref="Services"/> is the app's service collection (the same <c>AddExpoMatch</c> the worker calls) built
/// in the test process with the same settings, for component tests that call a function class or store directly.</para>
/// </summary>
public class FunctionAppFixture : IAsyncLifetime
{
    public const string OrganiserKey = "organiser-key-for-tests-0123456789";

    private static readonly ConcurrentDictionary<string, Lazy<Task<LocalHostProcess>>> Hosts = new();
    private readonly Lazy<Task<System.Text.Json.Nodes.JsonNode>> _document;
    private ServiceProvider? _services;

    public FunctionAppFixture() => _document = new(FetchDocumentAsync);

    static FunctionAppFixture() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var host in Hosts.Values.Where(h => h.IsValueCreated && h.Value.IsCompletedSuccessfully))
            {
                host.Value.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        };

    public string ConnectionString { get; private set; } = "";

    public LocalHostProcess Host { get; private set; } = null!;

    /// <summary>The app's services in this process (component tests), built on first use.</summary>
    public IServiceProvider Services => _services ??= BuildServices();

    /// <summary>
    /// App settings as app settings are named (`__`). The default: the shared Azurite, the test organiser key, a host id
    /// of its own, every trigger but HTTP switched off (tests deliver queue messages themselves unless they say so).
    /// </summary>
    protected virtual Dictionary<string, string> Settings() => new()
    {
        ["AzureWebJobsStorage"] = ConnectionString,
        ["ExpoMatch__OrganiserKey"] = OrganiserKey,
        ["ExpoMatch__MatchingWorkQueue"] = "matching-work",
        ["ExpoMatch__MatchingRunsQueue"] = "matching-runs",
        ["ExpoMatch__ScheduleEmailsQueue"] = "schedule-emails",
        ["AzureWebJobs.MatchRequestedMeetings.Disabled"] = "true",
        ["AzureWebJobs.RunEventMatching.Disabled"] = "true",
        ["AzureWebJobs.SendScheduleEmail.Disabled"] = "true",
        ["AzureWebJobs.SendScheduleEmails.Disabled"] = "true",
        ["AzureWebJobs.PurgeExpiredIdempotencyKeys.Disabled"] = "true",
        ["AzureWebJobs.ErasePersonalData.Disabled"] = "true",
        ["AzureWebJobs.DeliverPendingWork.Disabled"] = "true",
        ["AzureWebJobs.ReconcileMeetingRequests.Disabled"] = "true",
    };

    /// <summary>Test-only replacements in the in-process <see cref="Services"/> (never in the worker).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>The storage the app runs on: the shared Azurite unless a fixture brings its own.</summary>
    protected virtual Task<string> StorageConnectionStringAsync() => SharedAzurite.GetConnectionStringAsync();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await StorageConnectionStringAsync();
        var settings = Settings();
        var key = string.Join('\n', settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + "=" + s.Value));
        settings["AzureFunctionsWebHost__hostid"] = "tests-" + Math.Abs(StringComparer.Ordinal.GetHashCode(key)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var host = Hosts.GetOrAdd(key, _ => new Lazy<Task<LocalHostProcess>>(() => LocalHostProcess.StartAsync(LocalHostProcess.FunctionAppDirectory, settings)));
        try
        {
            Host = await host.Value;
        }
        catch
        {
            Hosts.TryRemove(key, out _);
            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>
    /// A client to the host. Every response it receives is checked against the app's OpenAPI document (fetched once
    /// per fixture): a response the document does not describe fails the test that received it.
    /// </summary>
    public HttpClient CreateClient() =>
        new(new OpenApiCheckingHandler(_document)) { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private async Task<System.Text.Json.Nodes.JsonNode> FetchDocumentAsync()
    {
        using var client = Host.CreateClient();
        return System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync(new Uri("api/openapi/v1.json", UriKind.Relative)))!;
    }

    /// <summary>The app settings the worker runs with.</summary>
    public IReadOnlyDictionary<string, string> AppSettings => Settings();

    /// <summary>A setting's value as the app reads it (configuration key with ':').</summary>
    public string Setting(string configurationKey) => Settings()[configurationKey.Replace(":", "__", StringComparison.Ordinal)];

    private ServiceProvider BuildServices() => BuildServices(Settings(), Environments.Development, ConfigureServices);

    /// <summary>The app's service collection (AddExpoMatch) on app settings named as app settings (`__`).</summary>
    public static ServiceProvider BuildServices(
        IEnumerable<KeyValuePair<string, string>> settings, string environmentName, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment
        {
            EnvironmentName = environmentName,
            ApplicationName = "ExpoMatch.Functions",
            ContentRootPath = AppContext.BaseDirectory,
            ContentRootFileProvider = new NullFileProvider(),
        });
        services.AddLogging();
        services.AddExpoMatch();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
