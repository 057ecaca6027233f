using System.Text.Json;
using ExpoMatch.Functions.Notifications;
using ExpoMatch.Functions.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace ExpoMatch.Tests.Hosting;

/// <summary>
/// The sample (and Bicep) carry optional settings as empty strings; binding them must mean "unset", not a value the
/// validators refuse or an empty sender name.
/// </summary>
public sealed class SampleSettingsBindingTests
{
    [Fact]
    public void EmptyOptionalSettings_BindAsUnset()
    {
        var configuration = SampleConfiguration();

        var organiser = configuration.GetSection(OrganiserOptions.Section).Get<OrganiserOptions>()!;
        var production = new HostingEnvironment { EnvironmentName = "Production" };
        Assert.True(new OrganiserOptionsValidator(production).Validate(null, organiser).Succeeded);
        Assert.Equal([ExpoMatch.Functions.Hosting.ExpoMatchOptions.DevelopmentOrganiserKey], organiser.AllKeys());

        var sendGrid = configuration.GetSection(SendGridOptions.SectionName).Get<SendGridOptions>()!;
        Assert.Null(sendGrid.FromName);
        Assert.Equal("", sendGrid.FromEmail);
    }

    [Fact]
    public void AShortAdditionalOrganiserKey_IsStillRefused()
    {
        var options = new OrganiserOptions { OrganiserKeys = ["", "too-short"] };
        Assert.False(new OrganiserOptionsValidator(new HostingEnvironment { EnvironmentName = "Production" }).Validate(null, options).Succeeded);
    }

    private static IConfiguration SampleConfiguration()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ExpoMatch.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("ExpoMatch.sln not found");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")));
        var values = document.RootElement.GetProperty("Values").EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString()));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
