using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace ExpoMatch.Functions.Api;

/// <summary>
/// Reads a JSON request body ourselves instead of letting minimal APIs bind it, so that every way a client can get a
/// body wrong (no body, wrong content type, too large, malformed, wrong types, unknown fields) becomes a precise
/// problem and never an exception. The bytes are kept on the HttpContext: the idempotency filter hashes the same bytes.
/// </summary>
public static class JsonBody
{
    /// <summary>Every body the API accepts is small; 64 KiB leaves room for 30 tags and notes in any script.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly object BytesKey = new();

    /// <summary>Web defaults (camelCase) and unknown members rejected, so a typo is a 400 rather than ignored.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 16,
    };

    /// <summary>The raw body, read once (with the size limit) and cached; a problem when it cannot be read.</summary>
    public static async Task<BodyBytes> ReadBytesAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Items.TryGetValue(BytesKey, out var cached) && cached is BodyBytes body)
        {
            return body;
        }

        body = await ReadUncachedAsync(http.Request, cancellationToken);
        http.Items[BytesKey] = body;
        return body;
    }

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class
    {
        var body = await ReadBytesAsync(http, cancellationToken);
        if (body.Problem is not null)
        {
            return (null, body.Problem);
        }

        if (body.Bytes.Length == 0)
        {
            return (null, Problems.MalformedJson("The request body is empty; a JSON object is required."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Bytes, Options);
            return value is null
                ? (null, Problems.MalformedJson("The request body must be a JSON object, not null."))
                : (value, null);
        }
        catch (JsonException e)
        {
            // JsonException's message names the path and position but never echoes the value.
            return (null, Problems.MalformedJson(e.Path is null ? "The JSON is malformed." : $"Invalid value at '{e.Path}'."));
        }
        catch (InvalidOperationException)
        {
            // Thrown for text the reader accepts but cannot turn into a .NET string (an unpaired surrogate escape).
            return (null, Problems.MalformedJson("The JSON contains an invalid string."));
        }
    }

    private static async Task<BodyBytes> ReadUncachedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return new BodyBytes([], Problems.PayloadTooLarge(MaxBytes));
        }

        if (request.ContentLength > 0 && !IsJson(request.ContentType))
        {
            return new BodyBytes([], Problems.UnsupportedMediaType());
        }

        // Read whatever comes (HTTP/2 and chunked bodies carry no length) up to the limit, then judge the type.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return new BodyBytes([], Problems.PayloadTooLarge(MaxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new BodyBytes([], Problems.PayloadTooLarge(MaxBytes));
        }

        if (buffer.Length > 0 && !IsJson(request.ContentType))
        {
            return new BodyBytes([], Problems.UnsupportedMediaType());
        }

        return new BodyBytes(buffer.ToArray(), null);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
         media.MediaType.Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase) ||
         (media.Suffix.HasValue && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) &&
          media.Type.Equals("application", StringComparison.OrdinalIgnoreCase))) &&
        (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The request body's bytes, or the problem that stopped reading them.</summary>
public sealed record BodyBytes(byte[] Bytes, ProblemHttpResult? Problem);
