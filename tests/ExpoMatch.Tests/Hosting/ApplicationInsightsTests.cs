using System.Net;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// In Azure the app settings carry APPLICATIONINSIGHTS_CONNECTION_STRING, and the worker then registers Application
/// Insights (Program.cs). This runs the worker with such a setting, its ingestion endpoint on a loopback port nobody
/// serves, and checks that it starts and serves requests as without it.
/// </summary>
public sealed class ApplicationInsightsTests(ApplicationInsightsTests.TelemetryApp app) : IClassFixture<ApplicationInsightsTests.TelemetryApp>
{
    [Fact]
    public async Task Worker_WithApplicationInsightsConnectionString_StartsAndServesRequests()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public sealed class TelemetryApp : FunctionAppFixture
    {
        protected override Dictionary<string, string> Settings() => new(base.Settings())
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] =
                "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        };
    }
}
