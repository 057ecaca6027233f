using ExpoMatch.Functions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Hosting;

/// <summary>The real app in custom-handler mode (as Azure Functions starts it) with the test functions registered.</summary>
public sealed class CustomHandlerAppFactory : WebApplicationFactory<Program>
{
    public InvocationSink Sink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
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

/// <summary>The real app in standalone mode with the test functions registered.</summary>
public sealed class StandaloneAppFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(TestCatalog.Create());
            services.AddSingleton(new InvocationSink());
        });
}
