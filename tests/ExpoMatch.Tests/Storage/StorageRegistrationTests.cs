using ExpoMatch.Storage;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.Storage;

public sealed class StorageRegistrationTests(ExpoMatchAppFactory factory) : IClassFixture<ExpoMatchAppFactory>
{
    [Fact]
    public async Task App_RegistersSingletonClients_FromAzureWebJobsStorage()
    {
        var services = factory.Services;
        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();

        Assert.Same(tables, services.GetRequiredService<TableServiceClient>());
        Assert.Equal((await SharedAzurite.GetAsync()).TableEndpoint, tables.Endpoint);
        var table = tables.GetTableClient(UniqueNames.Table());
        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.True(await table.DeleteAsync());
        await queues.CheckAvailabilityAsync();
    }
}
