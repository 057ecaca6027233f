using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ExpoMatch.Tests.Infrastructure;
using ExpoMatch.Tests.Registration;

namespace ExpoMatch.Tests.Reliability;

/// <summary>The app on an Azurite of its own (so "every table" is exactly what this app wrote), with a SendGrid key.</summary>
public sealed class SecretScanApp : OwnAzuriteApp
{
    protected override string EmulatorName => KeyRingApp.SharedEmulator;

    /// <summary>Recognisable, never sent: nothing in this test sends email.</summary>
    public const string SendGridApiKey = "SG.fake-key-for-the-secret-scan.0123456789abcdefghijklmnopqrstuvwxyz";

    protected override Dictionary<string, string> Settings() => new(base.Settings())
    {
        ["ExpoMatch__Email__SendGrid__ApiKey"] = SendGridApiKey,
        ["ExpoMatch__Email__SendGrid__FromEmail"] = "expo@example.com",
    };
}

/// <summary>
/// No secret readable at rest (ADR-003): after registrations with and without Idempotency-Key (whose first answers,
/// access token included, are kept for replay), events created with the organiser key and a meeting request sent and
/// accepted, every table, every queue message and every blob of the storage account is read with the official SDK,
/// and none holds an access token, the organiser key or the SendGrid key, in clear or gzip-compressed.
/// </summary>
public sealed class SecretsAtRestTests(SecretScanApp app) : IClassFixture<SecretScanApp>
{
    [Fact]
    public async Task AfterRegistrations_NoTableQueueOrBlob_HoldsATokenOrKey()
    {
        using var client = app.CreateClient();
        var eventId = (await (await client.SendAsync(HttpMethod.Post, "/api/events", Scenario.EventBody(date: "2099-05-26"),
            FunctionAppFixture.OrganiserKey, idempotencyKey: "event-" + Guid.NewGuid().ToString("N"))).ExpectAsync(201))["id"]!.GetValue<string>();
        var otherEventId = await Scenario.CreateEventAsync(client, date: "2099-06-01");

        var tokens = new List<string>();
        var keyedVisitor = Scenario.VisitorBody(Scenario.Email("keyed"));
        var visitorKey = "visitor-" + Guid.NewGuid().ToString("N");
        var first = await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", keyedVisitor, idempotencyKey: visitorKey)).ExpectAsync(201);
        tokens.Add(first["accessToken"]!.GetValue<string>());
        var exhibitorKey = "exhibitor-" + Guid.NewGuid().ToString("N");
        var exhibitor = await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/exhibitors", Scenario.ExhibitorBody(Scenario.Email("keyed-x")),
            FunctionAppFixture.OrganiserKey, exhibitorKey)).ExpectAsync(201);
        tokens.Add(exhibitor["accessToken"]!.GetValue<string>());
        var plainVisitor = await Scenario.RegisterVisitorAsync(client, eventId);
        var plainExhibitor = await Scenario.RegisterExhibitorAsync(client, otherEventId);
        tokens.Add(plainVisitor.Token);
        tokens.Add(plainExhibitor.Token);

        // A replay still gives the client its token: the stored answer is encrypted, not dropped.
        using var replay = await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/visitors", keyedVisitor, idempotencyKey: visitorKey);
        Assert.Equal(tokens[0], (await replay.ExpectAsync(201))["accessToken"]!.GetValue<string>());
        Assert.True(replay.Headers.Contains("Idempotency-Replayed"));

        var requestId = await Scenario.RequestMeetingAsync(client, eventId, plainVisitor,
            new Registered(exhibitor["id"]!.GetValue<string>(), tokens[1], exhibitor));
        await (await client.SendAsync(HttpMethod.Post, $"/api/events/{eventId}/meeting-requests/{requestId}/accept", token: tokens[1])).ExpectAsync(200);

        var secrets = tokens.SelectMany(t => new[] { t, t.Split('.')[^1] })
            .Append(FunctionAppFixture.OrganiserKey).Append(SecretScanApp.SendGridApiKey).ToList();
        var found = new List<string>();
        var scanned = await ScanTablesAsync(secrets, found) + await ScanQueuesAsync(secrets, found) + await ScanBlobsAsync(secrets, found);

        Assert.Empty(found);
        Assert.True(scanned.Idempotency >= 3, $"only {scanned.Idempotency} stored answers were scanned");
        Assert.True(scanned.Messages >= 1 && scanned.KeyRingBlobs >= 1, $"scanned {scanned}");
        Assert.All(secrets, s => Assert.DoesNotContain(s, app.Host.Output, StringComparison.Ordinal)); // nor in the logs
    }

    private sealed record Scanned(int Idempotency, int Messages, int KeyRingBlobs)
    {
        public static Scanned operator +(Scanned a, Scanned b) =>
            new(a.Idempotency + b.Idempotency, a.Messages + b.Messages, a.KeyRingBlobs + b.KeyRingBlobs);
    }

    private async Task<Scanned> ScanTablesAsync(List<string> secrets, List<string> found)
    {
        var service = new TableServiceClient(app.ConnectionString);
        var idempotencyRows = 0;
        await foreach (var table in service.QueryAsync())
        {
            await foreach (var row in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                idempotencyRows += table.Name == "Idempotency" && row.GetString("State") == "done" ? 1 : 0;
                foreach (var (name, value) in row)
                {
                    Check($"table {table.Name} {row.PartitionKey}/{row.RowKey} {name}", value switch
                    {
                        byte[] bytes => bytes,
                        BinaryData data => data.ToArray(),
                        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                    }, secrets, found);
                }
            }
        }

        return new Scanned(idempotencyRows, 0, 0);
    }

    private async Task<Scanned> ScanQueuesAsync(List<string> secrets, List<string> found)
    {
        // Raw bodies (the app sends Base64), decoded below; received with a long visibility so each is seen once.
        var service = new QueueServiceClient(app.ConnectionString);
        var messages = 0;
        await foreach (var queue in service.GetQueuesAsync())
        {
            var client = service.GetQueueClient(queue.Name);
            while ((await client.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10))).Value is { Length: > 0 } batch)
            {
                foreach (var message in batch)
                {
                    messages++;
                    var raw = message.Body.ToArray();
                    Check($"queue {queue.Name} {message.MessageId}", raw, secrets, found);
                    Check($"queue {queue.Name} {message.MessageId} (decoded)", TryBase64(Encoding.UTF8.GetString(raw)), secrets, found);
                }
            }
        }

        return new Scanned(0, messages, 0);
    }

    private async Task<Scanned> ScanBlobsAsync(List<string> secrets, List<string> found)
    {
        var service = new BlobServiceClient(app.ConnectionString);
        var keyRing = 0;
        await foreach (var container in service.GetBlobContainersAsync())
        {
            var client = service.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                keyRing += container.Name == ExpoMatch.Functions.Storage.BlobKeyRing.ContainerName ? 1 : 0;
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                Check($"blob {container.Name}/{blob.Name}", content, secrets, found);
            }
        }

        return new Scanned(0, 0, keyRing);
    }

    /// <summary>Looks for each secret in the bytes as they are, and gunzipped when they are gzip.</summary>
    private static void Check(string where, byte[] bytes, List<string> secrets, List<string> found)
    {
        foreach (var form in new[] { bytes, Gunzip(bytes) })
        {
            var text = Encoding.UTF8.GetString(form);
            found.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"{where} holds {s[..8]}..."));
        }
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return [];
        }

        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
