using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Notifications;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddNotifications();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapHealth();
app.Run();

/// <summary>The app's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
