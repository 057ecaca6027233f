using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExpoMatch.Benchmarks.Email;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1, free port) speaking SendGrid's v3 Mail Send. It enforces the documented
/// request schema on its own (deliberately not reusing the client's rules, so each checks the other), answers 400 with
/// SendGrid-shaped errors, 202 with X-Message-Id otherwise, and can be told to answer 429/5xx or stall for the next
/// N requests, or drop the connection after reading them. Shared by the tests and the email benchmark (the test project links this file).
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    public const string ApiKey = "SG.fake-sendgrid-key.for-tests-only";
    private const long MaxBodyBytes = 30L * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly bool _record;
    private readonly Lock _gate = new();
    private readonly Queue<Directive> _directives = new();
    private readonly List<AcceptedMail> _accepted = [];
    private int _requests;
    private int _acceptedCount;
    private long _nextMessageId;

    private FakeSendGrid(WebApplication app, bool record)
    {
        _app = app;
        _record = record;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every POST that reached the endpoint, accepted or not.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public int AcceptedCount => Volatile.Read(ref _acceptedCount);

    /// <summary>Accepted bodies (only when started with recordMessages: the benchmark only counts).</summary>
    public IReadOnlyList<AcceptedMail> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    public static async Task<FakeSendGrid> StartAsync(bool recordMessages = true, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = MaxBodyBytes + (1024 * 1024);
        });
        var app = builder.Build();
        var fake = new FakeSendGrid(app, recordMessages);
        app.MapPost("/v3/mail/send", fake.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.BaseUrl = new Uri(address);
        return fake;
    }

    /// <summary>The next <paramref name="count"/> requests get 429 with X-RateLimit-* headers saying "reset at".</summary>
    public void RateLimitNext(int count, DateTimeOffset reset) => Enqueue(count, new Directive(429, reset, TimeSpan.Zero, null));

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (5xx, or 400/401/403/413 with the given message).</summary>
    public void FailNext(int count, int status, string message = "Simulated failure", string? field = null) =>
        Enqueue(count, new Directive(status, null, TimeSpan.Zero, new Error(message, field)));

    /// <summary>The next <paramref name="count"/> requests are answered normally, but only after <paramref name="delay"/>.</summary>
    public void StallNext(int count, TimeSpan delay) => Enqueue(count, new Directive(null, null, delay, null));

    /// <summary>The next <paramref name="count"/> requests are read in full, then the connection is cut without an answer.</summary>
    public void DropNext(int count) => Enqueue(count, new Directive(null, null, TimeSpan.Zero, null, Drop: true));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Enqueue(int count, Directive directive)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _directives.Enqueue(directive);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Directive? directive;
        lock (_gate)
        {
            _directives.TryDequeue(out directive);
        }

        if (directive is { Delay: var delay } && delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (directive is { Drop: true })
        {
            // What a crashed load balancer looks like to the client: the request went out, no answer came back.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Abort();
            return;
        }

        if (directive is { Status: 429, RateLimitReset: var reset })
        {
            context.Response.Headers["X-RateLimit-Limit"] = "600";
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            context.Response.Headers["X-RateLimit-Reset"] = reset!.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            await WriteErrorsAsync(context, 429, [new Error("too many requests", null)]);
            return;
        }

        if (directive is { Status: { } status, Error: { } error })
        {
            await WriteErrorsAsync(context, status, [error]);
            return;
        }

        var auth = context.Request.Headers.Authorization.ToString();
        if (auth != "Bearer " + ApiKey)
        {
            await WriteErrorsAsync(context, 401, [new Error("The provided authorization grant is invalid, expired, or revoked", null)]);
            return;
        }

        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await WriteErrorsAsync(context, 415, [new Error("Content-Type should be application/json.", null)]);
            return;
        }

        if (context.Request.ContentLength is >= MaxBodyBytes)
        {
            await WriteErrorsAsync(context, 413, [new Error("The JSON payload you have included in your request is too large.", null)]);
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteErrorsAsync(context, 400, [new Error("Bad Request", null)]);
            return;
        }

        using (document)
        {
            var errors = FakeSendGridSchema.Validate(document.RootElement);
            if (errors.Count > 0)
            {
                await WriteErrorsAsync(context, 400, errors);
                return;
            }

            var messageId = "fake" + Interlocked.Increment(ref _nextMessageId).ToString("D10", CultureInfo.InvariantCulture);
            Interlocked.Increment(ref _acceptedCount);
            if (_record)
            {
                var accepted = new AcceptedMail(messageId, auth, document.RootElement.Clone());
                lock (_gate)
                {
                    _accepted.Add(accepted);
                }
            }

            context.Response.StatusCode = 202;
            context.Response.Headers["X-Message-Id"] = messageId;
        }
    }

    private static Task WriteErrorsAsync(HttpContext context, int status, IReadOnlyList<Error> errors)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            errors = errors.Select(e => new { message = e.Message, field = e.Field, help = (string?)null }),
        });
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public sealed record AcceptedMail(string XMessageId, string Authorization, JsonElement Body);

    internal sealed record Error(string Message, string? Field);

    private sealed record Directive(int? Status, DateTimeOffset? RateLimitReset, TimeSpan Delay, Error? Error, bool Drop = false);
}

/// <summary>SendGrid's documented request rules (sendgrid-v3.md), checked on the parsed JSON.</summary>
internal static class FakeSendGridSchema
{
    public static List<FakeSendGrid.Error> Validate(JsonElement root)
    {
        var errors = new List<FakeSendGrid.Error>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("Bad Request", null));
            return errors;
        }

        var hasTemplate = root.TryGetProperty("template_id", out var template) && template.ValueKind == JsonValueKind.String;
        if (!root.TryGetProperty("personalizations", out var personalizations) || personalizations.ValueKind != JsonValueKind.Array
            || personalizations.GetArrayLength() is 0 or > 1000)
        {
            errors.Add(new("The personalizations field is required and must have at least one personalization.", "personalizations"));
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var recipients = 0;
            var index = 0;
            foreach (var p in personalizations.EnumerateArray())
            {
                if (!p.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
                {
                    errors.Add(new("The to array is required for all personalization objects, and must have at least one email object with a valid email address.", $"personalizations.{index}.to"));
                }

                foreach (var list in new[] { "to", "cc", "bcc" })
                {
                    if (!p.TryGetProperty(list, out var addresses) || addresses.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var address in addresses.EnumerateArray())
                    {
                        recipients++;
                        var field = $"personalizations.{index}.{list}";
                        CheckAddress(address, field, errors);
                        if (address.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String && !seen.Add(email.GetString()!))
                        {
                            errors.Add(new("Each email address in the personalization block should be unique between to, cc, and bcc.", field));
                        }
                    }
                }

                index++;
            }

            if (recipients > 1000)
            {
                errors.Add(new("The total number of recipients must be no more than 1000.", "personalizations"));
            }
        }

        if (!root.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("The from object must be provided for every email send.", "from"));
        }
        else
        {
            CheckAddress(from, "from", errors);
        }

        if (root.TryGetProperty("reply_to", out var replyTo))
        {
            CheckAddress(replyTo, "reply_to", errors);
        }

        if (!hasTemplate)
        {
            CheckContent(root, errors);
        }

        if (root.TryGetProperty("categories", out var categories) && categories.ValueKind == JsonValueKind.Array && categories.GetArrayLength() > 10)
        {
            errors.Add(new("You may not have more than 10 categories per request.", "categories"));
        }

        if (root.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var attachment in attachments.EnumerateArray())
            {
                if (!attachment.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String
                    || !content.TryGetBytesFromBase64(out var bytes) || bytes.Length == 0)
                {
                    errors.Add(new("The attachment content must be base64 encoded.", $"attachments.{index}.content"));
                }

                if (!attachment.TryGetProperty("filename", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
                {
                    errors.Add(new("The attachment filename parameter is required.", $"attachments.{index}.filename"));
                }

                index++;
            }
        }

        return errors;
    }

    private static void CheckContent(JsonElement root, List<FakeSendGrid.Error> errors)
    {
        if (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
        {
            errors.Add(new("Unless a valid template_id is provided, the content parameter is required.", "content"));
            return;
        }

        var types = content.EnumerateArray().Select(c => c.TryGetProperty("type", out var t) ? t.GetString() : null).ToList();
        var plain = types.IndexOf("text/plain");
        var html = types.IndexOf("text/html");
        if ((plain > 0) || (html >= 0 && plain > html))
        {
            errors.Add(new("The text/plain content type must be first, followed by text/html.", "content"));
        }

        if (content.EnumerateArray().Any(c => !c.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0))
        {
            errors.Add(new("The content value must be a string at least one character in length.", "content"));
        }

        var hasSubject = root.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String && subject.GetString()!.Length > 0;
        var everyPersonalizationHasSubject = root.TryGetProperty("personalizations", out var ps) && ps.ValueKind == JsonValueKind.Array
            && ps.EnumerateArray().All(p => p.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String);
        if (!hasSubject && !everyPersonalizationHasSubject)
        {
            errors.Add(new("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"));
        }
    }

    private static void CheckAddress(JsonElement address, string field, List<FakeSendGrid.Error> errors)
    {
        if (address.ValueKind != JsonValueKind.Object || !address.TryGetProperty("email", out var email) || email.ValueKind != JsonValueKind.String
            || !IsEmail(email.GetString()!))
        {
            errors.Add(new("Does not contain a valid address.", field + ".email"));
        }

        if (address.ValueKind == JsonValueKind.Object && address.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            && name.GetString()!.AsSpan().IndexOfAny(";,") >= 0)
        {
            errors.Add(new("The name of the recipient cannot contain ';' or ','.", field + ".name"));
        }
    }

    private static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && !value.Any(char.IsWhiteSpace);
    }
}
