using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ExpoMatch.Functions.Storage;

/// <summary>
/// The certificates that encrypt the Data Protection key ring at rest (ADR-003): the current one, then the previous
/// one during a rotation. Each setting holds a PFX in Base64 with its private key and no password, which is exactly
/// what a Key Vault reference to a Key Vault certificate's secret resolves to, so in Azure the private key lives in
/// the vault and reaches only the app's process.
/// </summary>
public static class KeyEncryptionCertificates
{
    public const string CurrentSetting = "ExpoMatch__DataProtection__KeyEncryptionCertificate";
    public const string PreviousSetting = "ExpoMatch__DataProtection__PreviousKeyEncryptionCertificate";

    /// <summary>The configured certificates, current first; none when the settings are empty.</summary>
    /// <exception cref="InvalidOperationException">A setting is not a Base64 PFX with a private key (its value is never shown).</exception>
    public static IReadOnlyList<X509Certificate2> Load(IConfiguration configuration)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var setting in new[] { CurrentSetting, PreviousSetting })
        {
            if (configuration[setting.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value)
            {
                certificates.Add(Parse(setting, value));
            }
        }

        return certificates;
    }

    private static X509Certificate2 Parse(string setting, string base64)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(base64), password: null);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new InvalidOperationException($"{setting} must be a PFX in Base64 without a password ({e.GetType().Name}).");
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{setting} must include the certificate's private key.");
    }
}
