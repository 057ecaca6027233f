using ExpoMatch.Functions.Hosting;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// The real app in custom-handler mode (as Azure Functions starts it) with the test functions registered, on the
/// shared test Azurite (GET /api/health asks storage).
/// </summary>
public sealed class CustomHandlerAppFactory : ExpoMatchAppFactory
{
    public InvocationSink Sink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Any port: TestServer ignores the address, but the setting switches the app into custom-handler mode.
        builder.UseSetting(FunctionHostingModes.CustomHandlerPortSetting, "40123");
        // /api/health probes storage: the shared test emulator, never the default ports.
        builder.UseSetting("AzureWebJobsStorage", ExpoMatch.Tests.Infrastructure.SharedAzurite.GetConnectionStringAsync().GetAwaiter().GetResult());
        builder.UseSetting("LocalAzurite:AutoStart", "false");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(TestCatalog.Create());
            services.AddSingleton(Sink);
        });
    }
}

/// <summary>
/// The real app in standalone mode with the test functions registered, on the shared test Azurite: standalone mode
/// runs the queue listeners and timers, which must never reach the default emulator ports.
/// </summary>
public sealed class StandaloneAppFactory : ExpoMatchAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(TestCatalog.Create());
            services.AddSingleton(new InvocationSink());
        });
    }
}
