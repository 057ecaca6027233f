using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Tests.LocalHost;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// The app's build output is a standard isolated-worker app, and the function table (what the worker indexes)
/// holds every function with the triggers Azure expects.
/// </summary>
public sealed partial class FunctionAppTests
{
    private static string Output(string file) => Path.Combine(LocalHostProcess.FunctionAppDirectory, file);

    [Fact]
    public void BuildOutput_IsAnIsolatedWorkerApp_WithWorkerIndexingAndFunctionsMetadata()
    {
        var worker = JsonNode.Parse(File.ReadAllText(Output("worker.config.json")))!["description"]!;
        Assert.Equal("dotnet-isolated", worker["language"]!.GetValue<string>());
        Assert.Equal("ExpoMatch.Functions.dll", worker["defaultWorkerPath"]!.GetValue<string>());
        Assert.Equal("true", worker["workerIndexing"]!.ToString());

        var metadata = JsonNode.Parse(File.ReadAllText(Output("functions.metadata")))!.AsArray();
        Assert.Equal(FunctionTable.All.Select(f => f.Name).Order(), metadata.Select(f => f!["name"]!.GetValue<string>()).Order());

        var host = JsonNode.Parse(File.ReadAllText(Output("host.json")))!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("api", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal(QueueTriggerSettings.MaxDequeueCount, host["extensions"]!["queues"]!["maxDequeueCount"]!.GetValue<int>());
        Assert.Equal("base64", host["extensions"]!["queues"]!["messageEncoding"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionTable_HoldsEveryFunction_HttpAnonymous_QueuesAndTimersOnSettings()
    {
        Assert.Equal(38, FunctionTable.Http.Count()); // 37 API functions and the OpenAPI document
        Assert.Equal(["MatchRequestedMeetings", "RunEventMatching", "SendScheduleEmail"], FunctionTable.Queues.Select(q => q.Function.Name).Order());
        Assert.Equal(["DeliverPendingWork", "ErasePersonalData", "PurgeExpiredIdempotencyKeys", "ReconcileMeetingRequests", "SendScheduleEmails"], FunctionTable.Timers.Select(t => t.Function.Name).Order());
        Assert.All(FunctionTable.All, f => Assert.Matches(FunctionName(), f.Name));
        Assert.All(FunctionTable.Http, h => Assert.Equal(AuthorizationLevel.Anonymous, h.Trigger.AuthLevel));
        Assert.All(FunctionTable.Http, h => Assert.True(typeof(IHttpFunction).IsAssignableFrom(h.Function.FunctionType), h.Function.Name));
        Assert.All(FunctionTable.Queues, q => Assert.Equal(QueueTriggerSettings.Connection, q.Trigger.Connection));

        var manifest = AppSettingsManifest.All.ToDictionary(s => s.Name, s => s.SampleValue);
        foreach (var (function, trigger) in FunctionTable.Queues)
        {
            var setting = FunctionTable.SettingOf(trigger.QueueName);
            Assert.True(setting is not null, $"{function.Name}: the queue name is not a %setting%");
            Assert.Matches(QueueName(), manifest[AppSettingsManifest.AppSettingName(setting!)]);
        }

        foreach (var (function, trigger) in FunctionTable.Timers)
        {
            var setting = FunctionTable.SettingOf(trigger.Schedule);
            Assert.True(setting is not null, $"{function.Name}: the schedule is not a %setting%");
            Assert.True(TimerSchedule.TryParse(manifest[AppSettingsManifest.AppSettingName(setting!)], out _), function.Name);
        }
    }

    [Fact]
    public void HttpRoutes_AreUniquePerMethod()
    {
        var routes = FunctionTable.Http.SelectMany(h => h.Trigger.Methods!.Select(m => m.ToUpperInvariant() + " " + h.Trigger.Route)).ToList();
        Assert.Equal(routes.Count, routes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("0 */15 * * * *", true)]
    [InlineData("0 30 3 * * *", true)]
    [InlineData("*/5 * * * *", false)]
    [InlineData("", false)]
    [InlineData("every day", false)]
    public void TimerSchedule_AcceptsOnlySixFieldNcrontab(string expression, bool valid) =>
        Assert.Equal(valid, TimerSchedule.TryParse(expression, out _));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionName();

    // 3-56 characters so that "-poison" still fits in 63.
    [GeneratedRegex("^(?=.{3,56}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueName();
}
