using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Storage;

/// <summary>
/// ASP.NET Core Data Protection for answers kept at rest (ADR-003): one key ring shared by every worker instance,
/// kept in the blob container <see cref="ContainerName"/> of the app's storage account, so an answer protected by
/// one instance is readable by all of them, and after a key rotation (every 90 days, Data Protection's default) by
/// the new keys' holders too: retired keys stay in the ring for decryption.
/// </summary>
public static class BlobKeyRing
{
    public const string ContainerName = "expomatch-dataprotection";

    /// <summary>Shared by every instance: Data Protection isolates purposes per application name.</summary>
    public const string ApplicationName = "ExpoMatch";

    public static IServiceCollection AddExpoMatchDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new BlobXmlRepository(
                sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(ContainerName))));

        // With a key-encryption certificate (in Azure a Key Vault certificate, through a Key Vault reference) every
        // key is written encrypted to it, so the ring's blobs are useless without the vault; the previous certificate
        // still decrypts keys written before a rotation. Without one, keys are stored in clear (ADR-003).
        var certificates = KeyEncryptionCertificates.Load(configuration);
        if (certificates.Count > 0)
        {
            builder.ProtectKeysWithCertificate(certificates[0]);
            builder.UnprotectKeysWithAnyCertificate([.. certificates]);
        }

        return services;
    }
}

/// <summary>
/// Data Protection's key store on Azure Blob storage: one blob per key (<c>keys/{friendlyName}.xml</c>), written
/// create-only, so two instances creating a key at the same moment both keep theirs and nothing is overwritten.
/// (Azure.Extensions.AspNetCore.DataProtection.Blobs does this job in one shared blob, but the package is not served
/// here; see ADR-003.) Data Protection's repository interface is synchronous, and it caches the ring, reading it at
/// first use and about once a day.
/// </summary>
public sealed class BlobXmlRepository(BlobContainerClient container) : IXmlRepository
{
    private const string Prefix = "keys/";
    private bool _created;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureContainer();
        var elements = new List<XElement>();
        foreach (var blob in container.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, Prefix, CancellationToken.None))
        {
            var content = container.GetBlobClient(blob.Name).DownloadContent().Value.Content;
            elements.Add(XElement.Parse(content.ToString()));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        EnsureContainer();
        var name = Prefix + string.Concat(friendlyName.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')) + ".xml";
        try
        {
            container.GetBlobClient(name).Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
        }
        catch (RequestFailedException e) when (e.Status == StorageStatus.Conflict)
        {
            // The same key stored already (a retried write): keys are immutable once written.
        }
    }

    private void EnsureContainer()
    {
        if (!_created)
        {
            container.CreateIfNotExists();
            _created = true;
        }
    }
}
