using Azure.Storage.Queues;
using ExpoMatch.LocalHost.TestApp;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemOnException>();
builder.Services.AddSingleton(_ => new Recorder(
    new QueueClient(
        Environment.GetEnvironmentVariable("AzureWebJobsStorage"),
        Environment.GetEnvironmentVariable("RecordQueue"))));
builder.Build().Run();
