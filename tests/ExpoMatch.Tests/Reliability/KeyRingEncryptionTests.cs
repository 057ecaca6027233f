using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure.Storage.Blobs;
using ExpoMatch.Functions.Api;
using ExpoMatch.Functions.Storage;
using ExpoMatch.LocalHost.Azurite;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExpoMatch.Tests.Reliability;

/// <summary>An Azurite of its own: these tests need a key ring no other test has written to.</summary>
public sealed class KeyRingAzurite : IAsyncLifetime
{
    public LocalAzurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions { StartTimeout = TimeSpan.FromMinutes(3) });

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

/// <summary>
/// The key ring encrypted at rest with a key-encryption certificate (ADR-003; in Azure a Key Vault certificate
/// through a Key Vault reference): the blobs hold no key in clear, only holders of the certificate replay a stored
/// answer, and after a certificate rotation the previous certificate still decrypts the keys it encrypted.
/// </summary>
public sealed class KeyRingEncryptionTests(KeyRingAzurite storage) : IAsyncLifetime, IClassFixture<KeyRingAzurite>
{
    private readonly X509Certificate2 _first = SelfSigned("CN=ExpoMatch key ring 2026");
    private readonly X509Certificate2 _second = SelfSigned("CN=ExpoMatch key ring 2027");

    [Fact]
    public async Task KeysAreStoredEncrypted_OnlyCertificateHoldersReplay_AndThePreviousCertificateStillDecryptsAfterARotation()
    {
        var body = Encoding.UTF8.GetBytes("""{"accessToken":"event.visitor.id.secret"}""");
        var now = DateTimeOffset.UtcNow;
        await using (var writer = Instance(_first))
        {
            var store = writer.GetRequiredService<IdempotencyStore>();
            var claim = Assert.IsType<IdempotencyBegin.Proceed>(await store.BeginAsync("p1", "k1", "hash", now, CancellationToken.None));
            Assert.True(await store.CompleteAsync("p1", "k1", "hash", claim.ETag, new StoredResponse(201, "application/json", "/x", body), now, CancellationToken.None));
        }

        var blobs = await KeyBlobsAsync();
        Assert.NotEmpty(blobs);
        Assert.All(blobs, xml =>
        {
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // where an unencrypted key keeps its secret
            Assert.Contains(Convert.ToBase64String(_first.RawData), xml, StringComparison.Ordinal);
        });

        await using (var holder = Instance(_first))
        {
            Assert.Equal(body, (await ReplayAsync(holder, now)).Body);
        }

        await using (var stranger = InstanceWithSettings())
        {
            await Assert.ThrowsAnyAsync<CryptographicException>(() => ReplayAsync(stranger, now));
        }

        // Rotation: the new certificate encrypts new keys, the previous one still decrypts the old.
        await using var rotated = Instance(_second, _first);
        Assert.Equal(body, (await ReplayAsync(rotated, now)).Body);
        var key = rotated.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        var newBlob = Assert.Single(await KeyBlobsAsync(), xml => xml.Contains(key.KeyId.ToString(), StringComparison.Ordinal));
        Assert.Contains(Convert.ToBase64String(_second.RawData), newBlob, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", newBlob, StringComparison.Ordinal);
    }

    [Fact]
    public void ASettingThatIsNotABase64PfxWithItsPrivateKey_StopsTheAppWithTheSettingsName_NotItsValue()
    {
        using var withoutKey = X509CertificateLoader.LoadCertificate(_first.RawData);
        foreach (var value in new[] { "not base64 at all!", Convert.ToBase64String(Encoding.UTF8.GetBytes("not a pfx")), Convert.ToBase64String(withoutKey.Export(X509ContentType.Pkcs12)) })
        {
            var e = Assert.Throws<InvalidOperationException>(() => InstanceWithSettings(value));
            Assert.Contains(KeyEncryptionCertificates.CurrentSetting, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _first.Dispose();
        _second.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<StoredResponse> ReplayAsync(ServiceProvider instance, DateTimeOffset now) =>
        Assert.IsType<IdempotencyBegin.Replay>(await instance.GetRequiredService<IdempotencyStore>().BeginAsync("p1", "k1", "hash", now, CancellationToken.None)).Response;

    private async Task<List<string>> KeyBlobsAsync()
    {
        var container = new BlobServiceClient(storage.Azurite.ConnectionString).GetBlobContainerClient(BlobKeyRing.ContainerName);
        var result = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            result.Add((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
        }

        return result;
    }

    private ServiceProvider Instance(params X509Certificate2[] certificates) =>
        InstanceWithSettings([.. certificates.Select(c => Convert.ToBase64String(c.Export(X509ContentType.Pkcs12)))]);

    private ServiceProvider InstanceWithSettings(params string[] certificates)
    {
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.Azurite.ConnectionString,
            ["ExpoMatch__OrganiserKey"] = FunctionAppFixture.OrganiserKey,
        };
        if (certificates.Length > 0)
        {
            settings[KeyEncryptionCertificates.CurrentSetting] = certificates[0];
        }

        if (certificates.Length > 1)
        {
            settings[KeyEncryptionCertificates.PreviousSetting] = certificates[1];
        }

        return FunctionAppFixture.BuildServices(settings, Environments.Development);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
    }
}
