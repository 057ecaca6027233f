using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// SendGrid v3 Mail Send over a typed HttpClient (the SendGrid package is not available here). Validates first, then
/// retries what can succeed later: 429 waits for X-RateLimit-Reset, 5xx/timeouts back off exponentially, both
/// bounded by <see cref="SendGridOptions.MaxAttempts"/>. Anything else is the request's fault and throws at once.
/// </summary>
public sealed class SendGridClient(HttpClient http, IOptions<SendGridOptions> options, TimeProvider time, ILogger<SendGridClient> logger)
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue JsonAccept = new("application/json");

    public async Task<SendGridSendResult> SendAsync(SendGridMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.HasApiKey)
        {
            throw new InvalidOperationException($"{SendGridOptions.SectionName}:ApiKey is not configured.");
        }

        if (settings.SandboxMode && mail.MailSettings is null)
        {
            mail = mail with { MailSettings = new SendGridMailSettings(new SendGridSetting(true)) };
        }

        var problems = EmailRules.Validate(mail);
        if (problems.Count > 0)
        {
            throw new EmailValidationException(problems);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(mail, SendGridJsonContext.Default.SendGridMail);
        if (body.LongLength >= EmailRules.MaxMessageBytes)
        {
            throw new EmailValidationException([$"The request is {body.LongLength} bytes; SendGrid takes less than {EmailRules.MaxMessageBytes}."]);
        }

        var endpoint = new Uri(settings.BaseUrl, "/v3/mail/send");
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await TrySendOnceAsync(endpoint, settings.ApiKey!, body, cancellationToken);
            if (outcome.Result is { } result)
            {
                return result with { Attempts = attempt };
            }

            var failure = outcome.Failure!;
            if (!failure.IsTransient || failure.OutcomeUnknown || attempt >= settings.MaxAttempts)
            {
                if (failure.IsTransient)
                {
                    NotificationsLog.SendGridGaveUp(logger, attempt, (int?)failure.StatusCode);
                }

                throw failure;
            }

            var delay = outcome.RateLimitReset is { } reset
                ? RateLimitDelay(reset, settings)
                : BackoffDelay(attempt, settings);
            NotificationsLog.SendGridRetrying(logger, (int?)failure.StatusCode, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<AttemptOutcome> TrySendOnceAsync(Uri endpoint, string apiKey, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Accept.Add(JsonAccept);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout (set from RequestTimeout) fired after the request went out: SendGrid may have taken
            // it, and a retry could deliver the email twice. At most once wins over delivery: surface it, never retry.
            return AttemptOutcome.Failed(new SendGridException(
                "SendGrid did not answer within the request timeout; the email may or may not have been accepted.",
                null, [], isTransient: true, ex, outcomeUnknown: true));
        }
        catch (HttpRequestException ex)
        {
            // Only a failure before the request was sent (no connection, no name) is safe to retry.
            var neverSent = ex.HttpRequestError is HttpRequestError.ConnectionError
                or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
            return AttemptOutcome.Failed(new SendGridException(
                $"SendGrid could not be reached ({ex.HttpRequestError}).", null, [], isTransient: true, ex, outcomeUnknown: !neverSent));
        }

        using (response)
        {
            var status = response.StatusCode;
            if ((int)status is >= 200 and < 300)
            {
                var messageId = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
                return AttemptOutcome.Succeeded(new SendGridSendResult(status, messageId, 1));
            }

            var errors = await ReadErrorsAsync(response, cancellationToken);
            var transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
            var detail = errors.Count > 0 ? string.Join(" ", errors.Select(e => e.Message)) : response.ReasonPhrase;
            var exception = new SendGridException($"SendGrid answered {(int)status}: {detail}", status, errors, transient);
            var reset = status == HttpStatusCode.TooManyRequests ? ReadRateLimitReset(response) : null;
            return AttemptOutcome.Failed(exception, reset);
        }
    }

    private TimeSpan RateLimitDelay(DateTimeOffset reset, SendGridOptions settings)
    {
        var wait = reset - time.GetUtcNow();
        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        return wait > settings.MaxRetryDelay ? settings.MaxRetryDelay : wait;
    }

    /// <summary>base * 2^(attempt-1), +-20% jitter so many senders hitting one outage do not retry in lockstep.</summary>
    private static TimeSpan BackoffDelay(int attempt, SendGridOptions settings)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, settings.MaxRetryDelay.TotalMilliseconds));
    }

    private static DateTimeOffset? ReadRateLimitReset(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static async Task<IReadOnlyList<SendGridError>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (bytes.Length == 0)
            {
                return [];
            }

            var parsed = JsonSerializer.Deserialize(bytes, SendGridJsonContext.Default.SendGridErrorResponse);
            return parsed?.Errors?.Where(e => e is not null).ToList() ?? [];
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer HTML; the status code alone still tells the caller what happened.
            return [];
        }
    }

    private sealed record AttemptOutcome(SendGridSendResult? Result, SendGridException? Failure, DateTimeOffset? RateLimitReset)
    {
        public static AttemptOutcome Succeeded(SendGridSendResult result) => new(result, null, null);

        public static AttemptOutcome Failed(SendGridException failure, DateTimeOffset? reset = null) => new(null, failure, reset);
    }
}

/// <summary>202 (or 200 in sandbox mode) and SendGrid's X-Message-Id, the prefix of sg_message_id in webhook events.</summary>
public sealed record SendGridSendResult(HttpStatusCode StatusCode, string? MessageId, int Attempts);
