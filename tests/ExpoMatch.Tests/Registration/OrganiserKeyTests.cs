using ExpoMatch.Tests.Hosting;

namespace ExpoMatch.Tests.Registration;

public sealed class OrganiserKeyTests
{
    [Theory]
    [InlineData("too-short", "at least")]
    [InlineData("dev-organiser-key-for-local-runs-only", "development organiser key")]
    public async Task Start_WithABadAdditionalOrganiserKey_StopsWithOneLine(string extraKey, string expected)
    {
        using var app = ChildApp.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ExpoMatch__OrganiserKey"] = "a-production-organiser-key-0123456789",
            ["ExpoMatch__OrganiserKeys__0"] = extraKey,
            ["AzureWebJobsStorage"] = await ExpoMatch.Tests.Infrastructure.SharedAzurite.GetConnectionStringAsync(),
        });

        var (exitCode, _, stderr) = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("ExpoMatch:OrganiserKeys", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(extraKey, stderr, StringComparison.Ordinal); // a secret is never echoed
    }
}
