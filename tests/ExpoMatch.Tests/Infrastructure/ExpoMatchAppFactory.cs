using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace ExpoMatch.Tests.Infrastructure;

/// <summary>
/// The app in-process (WebApplicationFactory) wired to the shared test Azurite: use it for every app-level test so
/// nothing touches the default emulator ports. Override <see cref="Settings"/> to add or replace configuration.
/// </summary>
public class ExpoMatchAppFactory : WebApplicationFactory<Program>
{
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("AzureWebJobsStorage", SharedAzurite.GetConnectionStringAsync().GetAwaiter().GetResult()),
        new("LocalAzurite:AutoStart", "false"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Added last, so these win over appsettings*.json and environment variables.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
    }
}
