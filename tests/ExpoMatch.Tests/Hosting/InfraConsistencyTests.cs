using System.Text.Json;
using System.Text.RegularExpressions;
using ExpoMatch.Functions.Hosting;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// Bicep cannot be compiled here, so these tests hold infra/, the settings sample and the code to one another:
/// every setting the app reads is provided in Azure, no secret is written down, every queue and table exists.
/// </summary>
public sealed partial class InfraConsistencyTests
{
    private static readonly string Root = FindRepositoryRoot();
    private static readonly IReadOnlyList<AppSetting> Settings = AppSettingsManifest.All;

    [Fact]
    public void Sample_ListsEverySettingWithSafeValues()
    {
        var values = SampleValues();

        foreach (var setting in Settings)
        {
            Assert.True(values.ContainsKey(setting.Name), $"local.settings.sample.json lacks {setting.Name}");
            Assert.Equal(setting.SampleValue, values[setting.Name]);
        }

        Assert.Equal(ExpoMatchOptions.DevelopmentOrganiserKey, values["ExpoMatch__OrganiserKey"]);
        Assert.Equal("", values["ExpoMatch__Email__SendGrid__ApiKey"]);
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
    }

    [Fact]
    public void Sample_HoldsNoSettingTheAppDoesNotRead()
    {
        var known = Settings.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(SampleValues().Keys, name => Assert.Contains(name, known));
    }

    [Fact]
    public void TimerSchedules_HaveAValidSampleValue()
    {
        foreach (var (_, timer) in FunctionTable.Timers)
        {
            var setting = Assert.Single(Settings, s => s.Name == AppSettingsManifest.AppSettingName(FunctionTable.SettingOf(timer.Schedule)!));
            Assert.True(TimerSchedule.TryParse(setting.SampleValue, out _), setting.Name);
        }

        Assert.All(Settings.Where(s => s.Name.StartsWith("ExpoMatch__Schedules__", StringComparison.Ordinal)),
            s => Assert.True(TimerSchedule.TryParse(s.SampleValue, out _), s.Name));
    }

    [Fact]
    public void Bicep_ProvidesEverySettingTheAppReads()
    {
        var appSettings = BicepAppSettings();

        foreach (var setting in Settings)
        {
            if (setting.Name == "AzureWebJobsStorage")
            {
                // Identity-based: the prefixed settings replace the connection string, which must be absent.
                Assert.DoesNotContain("AzureWebJobsStorage", appSettings.Keys);
                foreach (var part in new[] { "accountName", "tableServiceUri", "queueServiceUri", "blobServiceUri", "clientId" })
                {
                    Assert.Contains($"AzureWebJobsStorage__{part}", appSettings.Keys);
                }

                Assert.Equal("'managedidentity'", appSettings["AzureWebJobsStorage__credential"]);
                continue;
            }

            if (setting.Name == "FUNCTIONS_WORKER_RUNTIME")
            {
                // Flex Consumption refuses the app setting: the runtime is part of functionAppConfig.
                Assert.DoesNotContain(setting.Name, appSettings.Keys);
                continue;
            }

            Assert.True(appSettings.ContainsKey(setting.Name), $"infra/app/function-app.bicep lacks the app setting {setting.Name}");
            if (setting.Secret)
            {
                Assert.Contains("@Microsoft.KeyVault(SecretUri=", appSettings[setting.Name], StringComparison.Ordinal);
            }
        }

        var bicep = File.ReadAllText(Path.Combine(Root, "infra", "app", "function-app.bicep"));
        Assert.Contains("sku: { name: 'FC1', tier: 'FlexConsumption' }", bicep, StringComparison.Ordinal);
        Assert.Contains("runtime: { name: 'dotnet-isolated', version: '10.0' }", bicep, StringComparison.Ordinal);
        Assert.Contains("type: 'UserAssignedIdentity'", bicep, StringComparison.Ordinal);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", appSettings.Keys);
    }

    [Fact]
    public void Bicep_TimerSchedulesAreValidNcrontab()
    {
        foreach (var (name, value) in BicepAppSettings().Where(s => s.Key.StartsWith("ExpoMatch__Schedules__", StringComparison.Ordinal)))
        {
            Assert.True(TimerSchedule.TryParse(value.Trim('\''), out _), $"{name} = {value}");
        }
    }

    [Fact]
    public void Infra_HoldsNoSecretLiteral()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Root, "infra"), "*", SearchOption.AllDirectories)
            .Append(Path.Combine(Root, "azure.yaml"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(SecretLiteral(), text);
            Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(ExpoMatchOptions.DevelopmentOrganiserKey, text, StringComparison.Ordinal);
        }

        var storage = File.ReadAllText(Path.Combine(Root, "infra", "app", "storage.bicep"));
        Assert.Contains("allowSharedKeyAccess: false", storage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_GrantsTheIdentityTheStorageRoles()
    {
        var rbac = File.ReadAllText(Path.Combine(Root, "infra", "app", "rbac.bicep"));
        Assert.Contains("'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'", rbac, StringComparison.Ordinal); // Storage Blob Data Owner
        Assert.Contains("'974c5e8b-45b9-4653-ba55-5f855dd0fb88'", rbac, StringComparison.Ordinal); // Storage Queue Data Contributor
        Assert.Contains("'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'", rbac, StringComparison.Ordinal); // Storage Table Data Contributor
        Assert.Contains("'4633458b-17de-408a-b874-0445c86b69e6'", rbac, StringComparison.Ordinal); // Key Vault Secrets User
    }

    [Fact]
    public void Bicep_CreatesEveryQueueAndTableTheAppUses()
    {
        using var names = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "app", "storage-names.json")));
        var queues = names.RootElement.GetProperty("queues").EnumerateArray().Select(q => q.GetString()).Order(StringComparer.Ordinal);
        var tables = names.RootElement.GetProperty("tables").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal);

        Assert.Equal(StorageResources.Queues.Order(StringComparer.Ordinal), queues);
        Assert.Equal(StorageResources.Tables.Order(StringComparer.Ordinal), tables);
        Assert.Contains("loadJsonContent('storage-names.json')", File.ReadAllText(Path.Combine(Root, "infra", "app", "storage.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void AzureYaml_PointsAtTheBicepEntryPoint()
    {
        var azureYaml = File.ReadAllText(Path.Combine(Root, "azure.yaml"));
        Assert.Contains("path: infra", azureYaml, StringComparison.Ordinal);
        Assert.Contains("module: main", azureYaml, StringComparison.Ordinal);
        Assert.Contains("project: ./functions/ExpoMatch.Functions", azureYaml, StringComparison.Ordinal);
        Assert.Contains("host: function", azureYaml, StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': 'api'", File.ReadAllText(Path.Combine(Root, "infra", "app", "function-app.bicep")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, "infra", "main.bicep")));
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")));
        var main = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));
        foreach (var parameter in parameters.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.Matches($@"(?m)^param {parameter.Name} ", main);
        }

        foreach (Match module in BicepModule().Matches(main))
        {
            Assert.True(File.Exists(Path.Combine(Root, "infra", module.Groups[1].Value)), module.Value);
        }
    }

    private static Dictionary<string, string?> SampleValues()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The { name: '...', value: ... } entries of the function app's appSettings, value as Bicep text.</summary>
    private static Dictionary<string, string> BicepAppSettings()
    {
        var bicep = File.ReadAllText(Path.Combine(Root, "infra", "app", "function-app.bicep"));
        return AppSettingEntry().Matches(bicep).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim(), StringComparer.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ExpoMatch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ExpoMatch.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{\s*name:\s*'(?<name>[^']+)'\s*,\s*value:\s*(?<value>.+?)\s*\}\s*$", RegexOptions.Multiline)]
    private static partial Regex AppSettingEntry();

    [GeneratedRegex(@"module \w+ '([^']+\.bicep)'")]
    private static partial Regex BicepModule();

    // Account keys, SAS signatures, SendGrid keys, App Insights instrumentation keys written out.
    [GeneratedRegex(@"AccountKey=|SharedAccessSignature=|[?&]sig=|SG\.[A-Za-z0-9_-]{16,}|InstrumentationKey=[0-9a-f-]{36}", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLiteral();
}
