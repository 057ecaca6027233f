using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemOnException>();
builder.Services.AddExpoMatch(builder.Configuration);
// In Azure the Bicep sets the connection string (with Entra ID auth); locally there is none, and nothing is collected.
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
}

// The SDK's request/response lines at Information would drown the function logs the host shows.
builder.Logging.AddFilter("Azure.Core", LogLevel.Warning);

using var host = builder.Build();
if (!FunctionHosting.SettingsAreValid(host.Services))
{
    return 1;
}

await host.RunAsync();
return 0;
