using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Hosting;

/// <summary>Top-level app settings (section "ExpoMatch"; app settings ExpoMatch__*).</summary>
public sealed class ExpoMatchOptions
{
    public const string Section = "ExpoMatch";

    /// <summary>The organiser key from local.settings.sample.json and appsettings.Development.json: Development only.</summary>
    public const string DevelopmentOrganiserKey = "dev-organiser-key-for-local-runs-only";

    public const int MinimumOrganiserKeyLength = 24;

    /// <summary>The shared secret organisers present; a Key Vault reference in Azure.</summary>
    public string OrganiserKey { get; set; } = "";
}

internal sealed class ExpoMatchOptionsValidator(IHostEnvironment environment) : IValidateOptions<ExpoMatchOptions>
{
    private const string Setting = "ExpoMatch:OrganiserKey (app setting ExpoMatch__OrganiserKey)";

    public ValidateOptionsResult Validate(string? name, ExpoMatchOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OrganiserKey))
        {
            return ValidateOptionsResult.Fail($"{Setting} is missing: set a random secret of at least {ExpoMatchOptions.MinimumOrganiserKeyLength} characters.");
        }

        if (options.OrganiserKey.Length < ExpoMatchOptions.MinimumOrganiserKeyLength)
        {
            return ValidateOptionsResult.Fail($"{Setting} is shorter than {ExpoMatchOptions.MinimumOrganiserKeyLength} characters.");
        }

        if (!environment.IsDevelopment() && options.OrganiserKey == ExpoMatchOptions.DevelopmentOrganiserKey)
        {
            return ValidateOptionsResult.Fail(
                $"{Setting} is the development key from local.settings.sample.json, which is refused in the {environment.EnvironmentName} environment.");
        }

        return ValidateOptionsResult.Success;
    }
}
