using System.IO.Compression;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Api;

/// <summary>A response kept for replay: status, the headers that matter, and the body.</summary>
public sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body);

/// <summary>What <see cref="IdempotencyStore.BeginAsync"/> found.</summary>
public abstract record IdempotencyBegin
{
    /// <summary>This request owns the key: run it, then complete or abandon with this ETag.</summary>
    public sealed record Proceed(ETag ETag) : IdempotencyBegin;

    /// <summary>The first request with this key finished: answer with its response.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyBegin;

    /// <summary>The first request with this key is still running.</summary>
    public sealed record InProgress : IdempotencyBegin;

    /// <summary>The key was used with another request (method, path or body).</summary>
    public sealed record Mismatch : IdempotencyBegin;
}

/// <summary>
/// The <c>Idempotency</c> table (ADR-001): PartitionKey = hash of the caller's credential, RowKey = the key.
/// A request claims its key by inserting a <c>pending</c> row create-only, so of two concurrent requests with the same
/// key exactly one runs. The finished response replaces the row and is kept <see cref="Retention"/>.
/// The stored body is compressed, then encrypted with ASP.NET Core Data Protection (ADR-003): a registration's answer
/// carries the participant's access token, and a reader of this table must not be able to use it.
/// </summary>
public sealed class IdempotencyStore(RegistrationTables tables, IDataProtectionProvider protection)
{
    /// <summary>Data Protection purpose of stored answers; a new purpose string would make old rows unreadable.</summary>
    public const string ProtectionPurpose = "ExpoMatch.Idempotency.StoredResponse.v1";

    /// <summary>Marks a body as encrypted (rows written before ADR-003 hold gzip only and expire within 24 h).</summary>
    private const string Protection = "Protection";
    private const string DataProtectionV1 = "dp1";

    private readonly IDataProtector _protector = protection.CreateProtector(ProtectionPurpose);

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A pending claim older than this belongs to a request that died; another request may take it over.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(2);

    private const int ChunkBytes = 60 * 1024;
    private const int MaxChunks = 14;

    public async Task<IdempotencyBegin> BeginAsync(
        string partition, string key, string requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var claim = new TableEntity(partition, key)
        {
            ["RequestHash"] = requestHash,
            ["State"] = "pending",
            ["CreatedAt"] = now,
            ["ExpiresAt"] = now + Retention,
        };
        try
        {
            return new IdempotencyBegin.Proceed((await table.AddEntityAsync(claim, cancellationToken)).Headers.ETag.GetValueOrDefault());
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.Conflict)
        {
            // The key is taken: look at who holds it.
        }

        var existing = await table.GetEntityOrNullAsync(partition, key, cancellationToken: cancellationToken);
        var expired = existing?.GetDateTimeOffset("ExpiresAt") is { } expiresAt && expiresAt <= now;
        var abandoned = existing?.GetString("State") == "pending" &&
                        existing.GetDateTimeOffset("CreatedAt") is { } createdAt && now - createdAt > PendingTimeout;
        if (existing is null || expired || abandoned)
        {
            return await TakeOverAsync(table, claim, existing?.ETag, cancellationToken);
        }

        if (existing.GetString("RequestHash") != requestHash)
        {
            return new IdempotencyBegin.Mismatch();
        }

        return existing.GetString("State") == "done"
            ? new IdempotencyBegin.Replay(ReadResponse(existing))
            : new IdempotencyBegin.InProgress();
    }

    /// <summary>Stores the response; false when it is too large to keep (the key is then released).</summary>
    public async Task<bool> CompleteAsync(
        string partition, string key, string requestHash, ETag claim, StoredResponse response, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var chunks = _protector.Protect(Compress(response.Body)).Chunk(ChunkBytes).ToArray();
        if (chunks.Length > MaxChunks)
        {
            await AbandonAsync(partition, key, claim, cancellationToken);
            return false;
        }

        var entity = new TableEntity(partition, key)
        {
            ["RequestHash"] = requestHash,
            ["State"] = "done",
            ["CreatedAt"] = now,
            ["ExpiresAt"] = now + Retention,
            ["Status"] = response.Status,
            ["ContentType"] = response.ContentType,
            ["Location"] = response.Location,
            ["Chunks"] = chunks.Length,
            [Protection] = DataProtectionV1,
        };
        for (var i = 0; i < chunks.Length; i++)
        {
            entity[$"Body{i}"] = chunks[i];
        }

        var table = await Table(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(entity, claim, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.NotFound)
        {
            // Another request took the claim over after our timeout; its answer wins.
            return false;
        }
    }

    /// <summary>Releases a claim whose request failed, so a retry with the same key runs again.</summary>
    public async Task AbandonAsync(string partition, string key, ETag claim, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(partition, key, claim, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == StorageStatus.PreconditionFailed)
        {
            // Someone else holds it now; leave their claim alone.
        }
    }

    private static async Task<IdempotencyBegin> TakeOverAsync(TableClient table, TableEntity claim, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            var taken = etag is { } current
                ? await table.UpdateEntityAsync(claim, current, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(claim, cancellationToken);
            return new IdempotencyBegin.Proceed(taken.Headers.ETag.GetValueOrDefault());
        }
        catch (RequestFailedException e) when (e.Status is StorageStatus.PreconditionFailed or StorageStatus.Conflict or StorageStatus.NotFound)
        {
            // A concurrent request took it over first.
            return new IdempotencyBegin.InProgress();
        }
    }

    private StoredResponse ReadResponse(TableEntity e)
    {
        var count = e.GetInt32("Chunks") ?? 0;
        var stored = Enumerable.Range(0, count).SelectMany(i => e.GetBinary($"Body{i}") ?? []).ToArray();
        var compressed = e.GetString(Protection) == DataProtectionV1 && stored.Length > 0 ? _protector.Unprotect(stored) : stored;
        return new StoredResponse(e.GetInt32("Status") ?? 200, e.GetString("ContentType"), e.GetString("Location"),
            Decompress(compressed));
    }

    private static byte[] Compress(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] data)
    {
        if (data.Length == 0)
        {
            return [];
        }

        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private Task<TableClient> Table(CancellationToken cancellationToken) =>
        tables.GetAsync(RegistrationTables.Idempotency, cancellationToken);
}
