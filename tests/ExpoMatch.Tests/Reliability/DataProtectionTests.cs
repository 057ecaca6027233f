using System.Text;
using ExpoMatch.Functions.Api;
using ExpoMatch.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExpoMatch.Tests.Reliability;

/// <summary>
/// An Azurite apart from the shared one (these tests rotate the account's Data Protection keys), shared with the secret
/// scan and the in-process retention tests: their events (2099, and 2022 on a fake clock) cannot meet.
/// </summary>
public sealed class KeyRingApp : OwnAzuriteApp
{
    public const string SharedEmulator = "reliability";

    protected override string EmulatorName => SharedEmulator;
}

/// <summary>
/// Stored idempotent answers are encrypted with a key ring shared through blob storage (ADR-003): an answer stored by
/// one worker instance is replayed by another, and still after the key is rotated.
/// </summary>
public sealed class DataProtectionTests(KeyRingApp app) : IClassFixture<KeyRingApp>
{
    [Fact]
    public async Task StoredAnswer_IsReplayedByAnotherInstance_AndAfterAKeyRotation()
    {
        await using var first = Instance();
        await using var second = Instance();
        var now = DateTimeOffset.UtcNow;
        var partition = "p" + Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes("""{"accessToken":"event.visitor.id.secret"}""");

        var firstStore = first.GetRequiredService<IdempotencyStore>();
        var claim = Assert.IsType<IdempotencyBegin.Proceed>(await firstStore.BeginAsync(partition, "k1", "hash", now, CancellationToken.None));
        Assert.True(await firstStore.CompleteAsync(partition, "k1", "hash", claim.ETag, new StoredResponse(201, "application/json", "/x", body), now, CancellationToken.None));

        // Another instance, with no key of its own yet, reads the shared ring.
        var replay = Assert.IsType<IdempotencyBegin.Replay>(await second.GetRequiredService<IdempotencyStore>().BeginAsync(partition, "k1", "hash", now, CancellationToken.None));
        Assert.Equal(body, replay.Response.Body);

        // A new default key (what rotation does every 90 days): the old answer still replays, on a fresh instance too.
        first.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90));
        await using var third = Instance();
        var afterRotation = Assert.IsType<IdempotencyBegin.Replay>(await third.GetRequiredService<IdempotencyStore>().BeginAsync(partition, "k1", "hash", now, CancellationToken.None));
        Assert.Equal(body, afterRotation.Response.Body);
        Assert.True(third.GetRequiredService<IKeyManager>().GetAllKeys().Count >= 2);
    }

    private ServiceProvider Instance() => FunctionAppFixture.BuildServices(app.AppSettings, Environments.Development);
}
