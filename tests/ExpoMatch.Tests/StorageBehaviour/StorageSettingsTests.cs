using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using ExpoMatch.Functions.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExpoMatch.Tests.StorageBehaviour;

/// <summary>
/// Every form of <c>AzureWebJobsStorage</c> the Functions host accepts, mapped to the endpoints and credential the
/// registered SDK clients get (nothing is sent: clients are only built). Keys are written as configuration keys
/// (<c>AzureWebJobsStorage:accountName</c>), which is what the environment's <c>AzureWebJobsStorage__accountName</c> becomes.
/// </summary>
public sealed class StorageSettingsTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void UseDevelopmentStorage_ReachesAzuriteOnItsDefaultPorts_WithTheDevelopmentKey()
    {
        using var app = Build(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1", app.Tables.Uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", app.Queues.Uri.AbsoluteUri.TrimEnd('/'));
        Assert.True(app.Settings.IsDevelopmentStorage);
        Assert.Null(app.Credential);
    }

    [Fact]
    public void AccountConnectionString_ReachesThePublicCloudEndpoints()
    {
        using var app = Build(("AzureWebJobsStorage", $"DefaultEndpointsProtocol=https;AccountName=expomatch;AccountKey={Key};EndpointSuffix=core.windows.net"));

        Assert.Equal("https://expomatch.table.core.windows.net/", app.Tables.Uri.AbsoluteUri);
        Assert.Equal("https://expomatch.queue.core.windows.net/", app.Queues.Uri.AbsoluteUri);
        Assert.Equal("expomatch", app.Queues.AccountName);
        Assert.False(app.Settings.IsDevelopmentStorage);
        Assert.DoesNotContain(Key, app.Settings.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AccountName_GivesBothServiceUris_WithTheDefaultCredential()
    {
        using var app = Build(("AzureWebJobsStorage:accountName", "expomatch"));

        Assert.Equal("https://expomatch.table.core.windows.net/", app.Tables.Uri.AbsoluteUri);
        Assert.Equal("https://expomatch.queue.core.windows.net/", app.Queues.Uri.AbsoluteUri);
        Assert.IsType<DefaultAzureCredential>(app.Credential);
    }

    [Fact]
    public void ServiceUris_WithManagedIdentityAndClientId_GiveAManagedIdentityCredential()
    {
        using var app = Build(
            ("AzureWebJobsStorage:tableServiceUri", "https://expo.table.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://expo.queue.core.windows.net"),
            ("AzureWebJobsStorage:blobServiceUri", "https://expo.blob.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"));

        Assert.Equal("https://expo.table.core.windows.net/", app.Tables.Uri.AbsoluteUri);
        Assert.Equal("https://expo.queue.core.windows.net/", app.Queues.Uri.AbsoluteUri);
        Assert.IsType<ManagedIdentityCredential>(app.Credential);
        Assert.Contains("managedidentity", app.Settings.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AccountName_WinsOverServiceUris_AsInTheFunctionsHost()
    {
        using var app = Build(
            ("AzureWebJobsStorage:accountName", "winner"),
            ("AzureWebJobsStorage:tableServiceUri", "https://loser.table.core.windows.net"));

        Assert.Equal("https://winner.table.core.windows.net/", app.Tables.Uri.AbsoluteUri);
    }

    [Fact]
    public void MicrosoftExtensionsAzureNames_AreAcceptedToo()
    {
        using var app = Build(
            ("AzureWebJobsStorage:serviceUri", "https://expo.queue.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"));

        Assert.Equal("https://expo.queue.core.windows.net/", app.Queues.Uri.AbsoluteUri);
        Assert.IsType<ManagedIdentityCredential>(app.Credential);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "https://expo.blob.core.windows.net", "reaches no table service")]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "https://expo.table.core.windows.net", "reaches no queue service")]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "not a uri", "tableServiceUri is not an absolute http(s) URI")]
    [InlineData("Unrelated", "x", "reaches no table service")]
    [InlineData("AzureWebJobsStorage", "AccountName=expomatch;AccountKey=not-base64!", "AzureWebJobsStorage")]
    [InlineData("AzureWebJobsStorage", "this is not a connection string", "AzureWebJobsStorage")]
    public async Task SettingsThatCannotWork_StopTheAppAtStart_WithOneLine(string key, string value, string expected)
    {
        using var app = Build((key, value));
        var check = new StorageConfigurationCheck(app.Services, NullLogger<StorageConfigurationCheck>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));

        Assert.StartsWith("Invalid storage configuration (AzureWebJobsStorage): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("not-base64", error.Message, StringComparison.Ordinal);
    }

    private static BuiltStorage Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddExpoMatchStorageClients()
            .BuildServiceProvider();
        return new BuiltStorage(services);
    }

    private sealed class BuiltStorage(ServiceProvider services) : IDisposable
    {
        public IServiceProvider Services => services;
        public StorageSettings Settings => services.GetRequiredService<StorageSettings>();
        public TableServiceClient Tables => services.GetRequiredService<TableServiceClient>();
        public QueueServiceClient Queues => services.GetRequiredService<QueueServiceClient>();
        public TokenCredential? Credential => Settings.CreateCredential(services.GetRequiredService<AzureComponentFactory>());

        public void Dispose() => services.Dispose();
    }
}
