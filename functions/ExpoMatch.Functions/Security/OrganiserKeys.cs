using System.Security.Cryptography;
using System.Text;
using ExpoMatch.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Security;

/// <summary>
/// Organiser credentials from configuration: <c>ExpoMatch:OrganiserKey</c> and/or <c>ExpoMatch:OrganiserKeys:0..n</c>
/// (several, so keys can be rotated without downtime).
/// </summary>
public sealed class OrganiserOptions
{
    public const string Section = "ExpoMatch";
    public const int MinKeyLength = ExpoMatchOptions.MinimumOrganiserKeyLength;

    public string? OrganiserKey { get; set; }

    public List<string> OrganiserKeys { get; set; } = [];

    public IEnumerable<string> AllKeys() =>
        OrganiserKeys.Append(OrganiserKey).Where(k => !string.IsNullOrEmpty(k)).Select(k => k!);
}

/// <summary>
/// Stops the app at start when an additional key (<c>ExpoMatch:OrganiserKeys:n</c>) is too short to be a secret, or is
/// the development key outside Development. <c>ExpoMatch:OrganiserKey</c> itself is validated by the hosting feature.
/// </summary>
public sealed class OrganiserOptionsValidator(IHostEnvironment environment) : IValidateOptions<OrganiserOptions>
{
    public ValidateOptionsResult Validate(string? name, OrganiserOptions options)
    {
        // An empty slot is unused (the sample and Bicep carry ExpoMatch__OrganiserKeys__0 empty); AllKeys skips it too.
        if (options.OrganiserKeys.Any(k => k.Length > 0 && k.Length < OrganiserOptions.MinKeyLength))
        {
            return ValidateOptionsResult.Fail(
                $"Every ExpoMatch:OrganiserKeys:n value (app setting ExpoMatch__OrganiserKeys__n) must be at least {OrganiserOptions.MinKeyLength} characters.");
        }

        return !environment.IsDevelopment() && options.OrganiserKeys.Contains(ExpoMatchOptions.DevelopmentOrganiserKey)
            ? ValidateOptionsResult.Fail("ExpoMatch:OrganiserKeys holds the development organiser key outside Development.")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Checks a presented credential against every organiser key in constant time.</summary>
public sealed class OrganiserKeys(IOptionsMonitor<OrganiserOptions> options)
{
    public bool IsOrganiserKey(string credential)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(credential));
        var match = false;
        foreach (var key in options.CurrentValue.AllKeys())
        {
            // Compare hashes so lengths are equal; check every key so timing does not tell which one matched.
            match |= CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return match;
    }
}
