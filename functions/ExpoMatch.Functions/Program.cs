using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Matching;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Notifications.ScheduleEmails;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

if (FunctionLayoutCommand.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddFunctionHosting();
builder.AddExpoMatchStorage();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddNotifications();
builder.Services.AddRegistration();
builder.Services.AddMeetings();
builder.Services.AddMatchingRuns();
builder.Services.AddScheduleEmails();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapFunctions();
app.RunFunctionApp();

/// <summary>The app's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
