using System.Net;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Hosting;

public sealed class HealthTests(ExpoMatchAppFactory factory) : IClassFixture<ExpoMatchAppFactory>
{
    [Fact]
    public async Task Health_WhenStorageAnswers_ReturnsOkForTablesAndQueues()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok","storage":{"tables":"ok","queues":"ok"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_WhenQueueStorageIsDown_Returns503NamingIt_WithoutSecrets()
    {
        await using var broken = new QueueDownFactory();
        using var client = broken.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"unavailable","storage":{"tables":"ok","queues":"unavailable"}}""", body);
    }

    /// <summary>Tables on the shared Azurite, queues on a port nobody listens on.</summary>
    private sealed class QueueDownFactory : ExpoMatchAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings
        {
            get
            {
                var azurite = SharedAzurite.GetAsync().GetAwaiter().GetResult();
                using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var deadPort = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                return
                [
                    new("AzureWebJobsStorage",
                        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={ExpoMatch.LocalHost.Azurite.LocalAzurite.DevelopmentAccountKey};" +
                        $"TableEndpoint={azurite.TableEndpoint};QueueEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1"),
                    new("LocalAzurite:AutoStart", "false"),
                ];
            }
        }
    }
}
