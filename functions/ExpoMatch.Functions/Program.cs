using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddExpoMatchStorage();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapHealth();
app.Run();

/// <summary>The app's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
