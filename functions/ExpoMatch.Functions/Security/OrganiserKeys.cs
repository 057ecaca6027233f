using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Security;

/// <summary>
/// Organiser credentials from configuration: <c>ExpoMatch:OrganiserKey</c> and/or <c>ExpoMatch:OrganiserKeys:0..n</c>
/// (several, so keys can be rotated without downtime).
/// </summary>
public sealed class OrganiserOptions
{
    public const string Section = "ExpoMatch";
    public const int MinKeyLength = 24;

    public string? OrganiserKey { get; set; }

    public List<string> OrganiserKeys { get; set; } = [];

    public IEnumerable<string> AllKeys() =>
        OrganiserKeys.Append(OrganiserKey).Where(k => !string.IsNullOrEmpty(k)).Select(k => k!);
}

/// <summary>Stops the app at start when a configured key is too short to be a secret.</summary>
public sealed class OrganiserOptionsValidator : IValidateOptions<OrganiserOptions>
{
    public ValidateOptionsResult Validate(string? name, OrganiserOptions options) =>
        options.AllKeys().Any(k => k.Length < OrganiserOptions.MinKeyLength)
            ? ValidateOptionsResult.Fail(
                $"Every ExpoMatch:OrganiserKey(s) value must be at least {OrganiserOptions.MinKeyLength} characters.")
            : ValidateOptionsResult.Success;
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
