using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemOnException>();
builder.Services.AddExpoMatch();
// The SDK's request/response lines at Information would drown the function logs the host shows.
builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);

using var host = builder.Build();
if (!FunctionHosting.SettingsAreValid(host.Services))
{
    return 1;
}

await host.RunAsync();
return 0;
