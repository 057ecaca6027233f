using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ExpoMatch.Functions.Security;

namespace ExpoMatch.Functions.Api;

/// <summary>
/// <c>Idempotency-Key</c> on a POST: the first request with a key runs and its answer (status, body, Location) is
/// stored; a repeat with the same method, path and body gets that answer again (header <c>Idempotency-Replayed</c>);
/// the same key with another request is a 422; a repeat while the first still runs is a 409 with Retry-After.
/// Answers of 500 and above are not kept, so a retry after a server failure runs again.
/// </summary>
public static partial class IdempotencyFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";

    /// <summary>Marks an endpoint as honouring Idempotency-Key (the OpenAPI document adds the header parameter).</summary>
    public sealed record IdempotentEndpoint;

    /// <summary>Must come after <see cref="AccessFilter.RequireAccess"/>: keys are scoped to the caller.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder)
    {
        builder.WithMetadata(new IdempotentEndpoint());
        builder.ProducesProblem(StatusCodes.Status400BadRequest);
        builder.ProducesProblem(StatusCodes.Status409Conflict);
        builder.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var headers = http.Request.Headers[HeaderName];
            if (headers.Count == 0)
            {
                return await next(context);
            }

            if (headers.Count > 1 || headers[0] is not { } key || !KeyPattern().IsMatch(key))
            {
                return Problems.BadRequest($"{HeaderName} must be 1 to 100 characters of letters, digits and . _ : -");
            }

            var cancellationToken = http.RequestAborted;
            var body = await JsonBody.ReadBytesAsync(http, cancellationToken);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
            var time = http.RequestServices.GetRequiredService<TimeProvider>();
            var partition = http.GetCaller().CredentialHash;
            var requestHash = RequestHash(http.Request, body.Bytes);
            var begin = await store.BeginAsync(partition, key, requestHash, time.GetUtcNow(), cancellationToken);
            switch (begin)
            {
                case IdempotencyBegin.Mismatch:
                    return Problems.Unprocessable($"This {HeaderName} was already used for a different request.");
                case IdempotencyBegin.InProgress:
                    http.Response.Headers.RetryAfter = "1";
                    return Problems.Conflict($"A request with this {HeaderName} is still being processed; retry shortly.");
                case IdempotencyBegin.Replay replay:
                    return new ReplayResult(replay.Response);
            }

            var claim = ((IdempotencyBegin.Proceed)begin).ETag;
            http.Features.Set(IdempotentAttempt.Of(partition, key, requestHash));
            object? result;
            try
            {
                result = await next(context);
            }
            catch
            {
                await ReleaseAsync(store, partition, key, claim);
                throw;
            }

            if (result is not IResult answer)
            {
                await store.AbandonAsync(partition, key, claim, CancellationToken.None);
                return result;
            }

            // Run the result into a buffer to keep exactly the bytes the client gets.
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await answer.ExecuteAsync(http);
            }
            catch
            {
                await ReleaseAsync(store, partition, key, claim);
                throw;
            }
            finally
            {
                http.Response.Body = original;
            }

            var response = new StoredResponse(http.Response.StatusCode, http.Response.ContentType,
                http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, buffer.ToArray());
            if (response.Status >= 500)
            {
                await store.AbandonAsync(partition, key, claim, CancellationToken.None);
            }
            else
            {
                await store.CompleteAsync(partition, key, requestHash, claim, response, time.GetUtcNow(), CancellationToken.None);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, cancellationToken);
            return Results.Empty;
        });
    }

    /// <summary>
    /// Releases the claim of a request that threw. Bounded and best effort: when the failure was a storage outage the
    /// release usually fails too, and waiting for it would only delay the 503; the claim then counts as abandoned after
    /// <see cref="IdempotencyStore.PendingTimeout"/> and a retry takes it over.
    /// </summary>
    private static async Task ReleaseAsync(IdempotencyStore store, string partition, string key, Azure.ETag claim)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await store.AbandonAsync(partition, key, claim, bounded.Token);
        }
        catch (Exception e) when (Storage.StorageUnavailable.Is(e, CancellationToken.None))
        {
        }
    }

    private static string RequestHash(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    private sealed class ReplayResult(StoredResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.Status;
            httpContext.Response.Headers[ReplayedHeader] = "true";
            if (response.ContentType is not null)
            {
                httpContext.Response.ContentType = response.ContentType;
            }

            if (response.Location is not null)
            {
                httpContext.Response.Headers.Location = response.Location;
            }

            await httpContext.Response.Body.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
