using System.Net;
using ExpoMatch.Tests.Infrastructure;

namespace ExpoMatch.Tests.Hosting;

public sealed class HealthTests(FunctionAppFixture app) : IClassFixture<FunctionAppFixture>
{
    [Fact]
    public async Task Health_WhenStorageAnswers_ReturnsOkForTablesQueuesAndBlobs()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        // The probe gives storage 5 s; under the whole suite's load a first probe can miss that, so ask a few times.
        for (var attempt = 0; attempt < 5 && response.StatusCode != HttpStatusCode.OK; attempt++)
        {
            response.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(2));
            response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
        }

        using var answered = response;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok","storage":{"tables":"ok","queues":"ok","blobs":"ok"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_WhenQueueStorageIsDown_ReportsItUnavailable_WhileTablesAreOk()
    {
        // The host itself waits for a 200 from /api/health at start, so this asks the app's probe in-process.
        await using var broken = new QueueDownApp();
        await broken.InitializeServicesAsync();
        var probe = (ExpoMatch.Functions.Storage.StorageHealthProbe)broken.Services.GetService(typeof(ExpoMatch.Functions.Storage.StorageHealthProbe))!;

        var health = await probe.CheckAsync(CancellationToken.None);

        Assert.False(health.IsHealthy);
        Assert.Equal(("ok", "unavailable", "ok"), (health.Tables, health.Queues, health.Blobs));
    }

    /// <summary>Tables on the shared Azurite, queues on a port nobody listens on.</summary>
    private sealed class QueueDownApp : FunctionAppFixture, IAsyncDisposable
    {
        private string _connection = "";

        public async Task InitializeServicesAsync()
        {
            var azurite = await SharedAzurite.GetAsync();
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var deadPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={ExpoMatch.LocalHost.Azurite.LocalAzurite.DevelopmentAccountKey};" +
                          $"TableEndpoint={azurite.TableEndpoint};BlobEndpoint={azurite.BlobEndpoint};QueueEndpoint=http://127.0.0.1:{deadPort}/devstoreaccount1";
        }

        protected override Dictionary<string, string> Settings() => new(base.Settings()) { ["AzureWebJobsStorage"] = _connection };

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
