using System.Text.Json;
using System.Text.RegularExpressions;
using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// The generated layout against the registry and the custom-handler rules (functions-hosting.md): what the
/// publish target writes is what Azure Functions will index.
/// </summary>
public sealed partial class FunctionLayoutTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("expomatch-layout-");
    private readonly FunctionRegistry _registry = TestCatalog.Create();

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void HostJson_DeclaresTheCustomHandlerAndQueueSettings()
    {
        FunctionLayout.Write(_registry, _directory.FullName, "ExpoMatch.Functions");
        using var host = Read("host.json");
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", root.GetProperty("extensionBundle").GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", root.GetProperty("extensionBundle").GetProperty("version").GetString());
        var handler = root.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var description = handler.GetProperty("description");
        Assert.Equal("ExpoMatch.Functions", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal(JsonValueKind.String, description.GetProperty("workingDirectory").ValueKind);
        Assert.Equal(JsonValueKind.Array, description.GetProperty("arguments").ValueKind);
        var queues = root.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(16, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("00:01:00", queues.GetProperty("maxPollingInterval").GetString());
        Assert.Equal("api", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Layout_HasExactlyOneFolderPerRegisteredFunction()
    {
        Directory.CreateDirectory(Path.Combine(_directory.FullName, "RemovedFunction"));
        File.WriteAllText(Path.Combine(_directory.FullName, "RemovedFunction", "function.json"), "{}");

        var written = FunctionLayout.Write(_registry, _directory.FullName, "ExpoMatch.Functions");

        var folders = _directory.GetDirectories().Select(d => d.Name).Order(StringComparer.Ordinal);
        Assert.Equal(_registry.Functions.Select(f => f.Name).Order(StringComparer.Ordinal), folders);
        Assert.Equal(_registry.Functions.Count + 1, written.Count);
    }

    [Fact]
    public void HttpFunctions_AreHttpInHttpOutWithTheEndpointRoute()
    {
        FunctionLayout.Write(_registry, _directory.FullName, "ExpoMatch.Functions");
        Assert.NotEmpty(_registry.HttpFunctions);

        foreach (var function in _registry.HttpFunctions)
        {
            var bindings = Bindings(function.Name);
            // Request forwarding only happens for exactly one httpTrigger and one http output.
            Assert.Equal(2, bindings.Count);
            var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "out");
            Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
            Assert.Equal(function.Route, trigger.GetProperty("route").GetString());
            Assert.Equal("/api/" + function.Route, function.Pattern);
            Assert.Equal(
                function.Methods.Select(m => m.ToLowerInvariant()),
                trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        }
    }

    [Fact]
    public void QueueFunctions_TriggerOnTheirQueueThroughAzureWebJobsStorage()
    {
        FunctionLayout.Write(_registry, _directory.FullName, "ExpoMatch.Functions");

        foreach (var function in _registry.QueueFunctions)
        {
            var binding = Assert.Single(Bindings(function.Name));
            Assert.Equal("queueTrigger", binding.GetProperty("type").GetString());
            Assert.Equal("in", binding.GetProperty("direction").GetString());
            Assert.Equal(FunctionLayout.QueueBindingName, binding.GetProperty("name").GetString());
            Assert.Equal(function.QueueName, binding.GetProperty("queueName").GetString());
            Assert.Equal("AzureWebJobsStorage", binding.GetProperty("connection").GetString());
        }
    }

    [Fact]
    public void TimerFunctions_ReadTheirScheduleFromTheSetting()
    {
        FunctionLayout.Write(_registry, _directory.FullName, "ExpoMatch.Functions");
        Assert.NotEmpty(_registry.TimerFunctions);

        foreach (var function in _registry.TimerFunctions)
        {
            var binding = Assert.Single(Bindings(function.Name));
            Assert.Equal("timerTrigger", binding.GetProperty("type").GetString());
            Assert.Equal($"%{function.ScheduleSetting}%", binding.GetProperty("schedule").GetString());
            // RunOnStartup is for development only: never in the deployed layout.
            Assert.False(binding.TryGetProperty("runOnStartup", out _));
        }
    }

    [Fact]
    public void EveryBinding_HasAnAlphanumericNameAndADirection()
    {
        FunctionLayout.Write(_registry, _directory.FullName, "ExpoMatch.Functions");

        foreach (var function in _registry.Functions)
        {
            Assert.Matches(FunctionName(), function.Name);
            foreach (var binding in Bindings(function.Name))
            {
                Assert.Matches(BindingName(), binding.GetProperty("name").GetString());
                Assert.Contains(binding.GetProperty("direction").GetString(), new[] { "in", "out" });
            }
        }
    }

    [Fact]
    public void LayoutCommand_WritesTheRealCatalog()
    {
        var ran = FunctionLayoutCommand.TryRun([FunctionLayoutCommand.Option, _directory.FullName, FunctionLayoutCommand.ExecutableOption, "handler"]);

        Assert.True(ran);
        using var host = Read("host.json");
        Assert.Equal("handler", host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.Equal(
            FunctionCatalog.Create().Functions.Select(f => f.Name).Order(StringComparer.Ordinal),
            _directory.GetDirectories().Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    private List<JsonElement> Bindings(string functionName)
    {
        using var document = Read(Path.Combine(functionName, "function.json"));
        return [.. document.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone())];
    }

    private JsonDocument Read(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory.FullName, relativePath)));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex BindingName();
}
