using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// Mail Send through the SendGrid package's <see cref="ISendGridClient"/> (an IHttpClientFactory typed client), with
/// the retry rule that keeps "at most once" true: 429 waits for X-RateLimit-Reset, 5xx and refused connections back
/// off exponentially, both bounded by <see cref="SendGridOptions.MaxAttempts"/>; a request whose outcome is unknown
/// (timeout, dropped connection) is never retried; anything else is the request's fault and throws at once.
/// </summary>
public sealed class SendGridMailClient(ISendGridClient sendGrid, IOptions<SendGridOptions> options, TimeProvider time, ILogger<SendGridMailClient> logger)
{
    public async Task<SendGridSendResult> SendAsync(SendGridMessage mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.SandboxMode && mail.MailSettings?.SandboxMode is null)
        {
            mail.SetSandBoxMode(true);
        }

        var problems = EmailRules.Validate(mail);
        if (problems.Count > 0)
        {
            throw new EmailValidationException(problems);
        }

        // Serialized once, by the package, so the size check sees exactly the bytes that go out.
        var body = mail.Serialize();
        var size = Encoding.UTF8.GetByteCount(body);
        if (size >= EmailRules.MaxMessageBytes)
        {
            throw new EmailValidationException([$"The request is {size} bytes; SendGrid takes less than {EmailRules.MaxMessageBytes}."]);
        }

        for (var attempt = 1; ; attempt++)
        {
            var outcome = await TrySendOnceAsync(body, cancellationToken);
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

    private async Task<AttemptOutcome> TrySendOnceAsync(string body, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await sendGrid.RequestAsync(BaseClient.Method.POST, body, urlPath: "mail/send", cancellationToken: cancellationToken);
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

        using var content = response.Body;
        var status = response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var messageId = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return AttemptOutcome.Succeeded(new SendGridSendResult(status, messageId, 1));
        }

        var errors = await ReadErrorsAsync(response);
        var transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
        var detail = errors.Count > 0 ? string.Join(" ", errors.Select(e => e.Message)) : status.ToString();
        var exception = new SendGridException($"SendGrid answered {(int)status}: {detail}", status, errors, transient);
        var rateLimitReset = status == HttpStatusCode.TooManyRequests ? ReadRateLimitReset(response) : null;
        return AttemptOutcome.Failed(exception, rateLimitReset);
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

    private static DateTimeOffset? ReadRateLimitReset(Response response) =>
        response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Every entry of SendGrid's <c>errors</c> array, read through the package's own body deserializer.</summary>
    private static async Task<IReadOnlyList<SendGridError>> ReadErrorsAsync(Response response)
    {
        try
        {
            Dictionary<string, object>? body = await response.DeserializeResponseBodyAsync();
            if (body is null || !body.TryGetValue("errors", out var errors) || errors is not JArray list)
            {
                return [];
            }

            return [.. list.OfType<JObject>().Select(e => new SendGridError((string?)e["message"], (string?)e["field"], (string?)e["help"]))];
        }
        catch (Newtonsoft.Json.JsonException)
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
