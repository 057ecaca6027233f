using Azure.Data.Tables;
using Azure.Storage.Queues;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Tests.StorageBehaviour;

public sealed class StorageRegistrationTests(FunctionAppFixture factory) : IClassFixture<FunctionAppFixture>
{
    [Fact]
    public async Task App_RegistersSingletonClients_FromAzureWebJobsStorage()
    {
        var services = factory.Services;
        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<QueueServiceClient>();
        var azurite = await SharedAzurite.GetAsync();

        Assert.Same(tables, services.GetRequiredService<TableServiceClient>());
        Assert.Equal(azurite.TableEndpoint.AbsoluteUri.TrimEnd('/'), tables.Uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal(azurite.QueueEndpoint.AbsoluteUri.TrimEnd('/'), queues.Uri.AbsoluteUri.TrimEnd('/'));
        var table = tables.GetTableClient(UniqueNames.Table());
        Assert.Equal(table.Name, (await table.CreateAsync()).Value.Name);
        Assert.Equal(204, (await table.DeleteAsync()).Status);
        await queues.GetPropertiesAsync();
    }
}
