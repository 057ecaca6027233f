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
/// same settings; a fixture that needs its own queues or keys gets its own host. A host no fixture uses any more is
/// stopped at once when its settings switch on a queue or timer trigger: such hosts keep polling storage, and a whole
/// run's worth of them once slowed the shared Azurite enough to fail tests. Hosts serving HTTP only stay for the next
/// class with the same settings (starting one costs seconds) until the test process exits.
/// <para><see cref="Services"/> is the app's service collection (the same <c>AddExpoMatch</c> the worker calls) built
/// in the test process with the same settings, for component tests that call a function class or store directly.</para>
/// </summary>
public class FunctionAppFixture : IAsyncLifetime
{
    public const string OrganiserKey = "organiser-key-for-tests-0123456789";

    private sealed class SharedHost(Func<Task<LocalHostProcess>> start, bool polls)
    {
        public Lazy<Task<LocalHostProcess>> Process { get; } = new(start);
        public bool Polls { get; } = polls;
        public int Users { get; set; }
    }

    private static readonly Lock HostsLock = new();
    private static readonly Dictionary<string, SharedHost> Hosts = new(StringComparer.Ordinal);

    private readonly Lazy<Task<System.Text.Json.Nodes.JsonNode>> _document;
    private ServiceProvider? _services;
    private string? _hostKey;

    public FunctionAppFixture() => _document = new(FetchDocumentAsync);

    static FunctionAppFixture() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (HostsLock)
            {
                foreach (var host in Hosts.Values)
                {
                    StopAsync(host).GetAwaiter().GetResult();
                }
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
        SharedHost host;
        lock (HostsLock)
        {
            if (!Hosts.TryGetValue(key, out host!))
            {
                var polls = settings.Any(s => s.Key.StartsWith("AzureWebJobs.", StringComparison.Ordinal)
                                              && s.Key.EndsWith(".Disabled", StringComparison.Ordinal) && s.Value == "false");
                Hosts[key] = host = new SharedHost(() => LocalHostProcess.StartAsync(LocalHostProcess.FunctionAppDirectory, settings), polls);
            }

            host.Users++;
            _hostKey = key;
        }

        try
        {
            Host = await host.Process.Value;
        }
        catch
        {
            lock (HostsLock)
            {
                Hosts.Remove(key);
                _hostKey = null;
            }

            throw;
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        SharedHost? stopping = null;
        lock (HostsLock)
        {
            if (_hostKey is not null && Hosts.TryGetValue(_hostKey, out var host) && --host.Users == 0 && host.Polls)
            {
                Hosts.Remove(_hostKey);
                stopping = host;
            }

            _hostKey = null;
        }

        if (stopping is not null)
        {
            await StopAsync(stopping);
        }
    }

    private static async Task StopAsync(SharedHost host)
    {
        if (host.Process.IsValueCreated && host.Process.Value.IsCompletedSuccessfully)
        {
            await host.Process.Value.Result.DisposeAsync();
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
        services.AddExpoMatch(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
