using System.Net;

namespace ExpoMatch.Functions.Notifications;

/// <summary>
/// SendGrid refused or could not take the email. Carries SendGrid's own error messages (never the API key or the
/// request body). <see cref="IsTransient"/> says whether trying again later can help (429, 5xx, timeouts, after our
/// own retries ran out) or whether the request itself must change (400, 401, 403, 413, ...).
/// </summary>
public sealed class SendGridException : Exception
{
    public SendGridException(
        string message, HttpStatusCode? statusCode, IReadOnlyList<SendGridError> errors, bool isTransient,
        Exception? innerException = null, bool outcomeUnknown = false)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Errors = errors;
        IsTransient = isTransient;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>Null when no response arrived (timeouts, connection failures).</summary>
    public HttpStatusCode? StatusCode { get; }

    public IReadOnlyList<SendGridError> Errors { get; }

    public bool IsTransient { get; }

    /// <summary>
    /// The request went out but no answer came back (a response timeout, a dropped connection): SendGrid may have
    /// taken the email. It has no idempotency key, so sending again could deliver it twice; the client never retries
    /// such a failure, and callers settle it from the Event Webhook instead.
    /// </summary>
    public bool OutcomeUnknown { get; }
}

/// <summary>The email breaks a SendGrid rule and was not sent; nothing was retried.</summary>
public sealed class EmailValidationException(IReadOnlyList<string> problems)
    : ArgumentException("The email breaks SendGrid's rules: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>One entry of SendGrid's error body (<c>{"errors":[{"message","field","help"}]}</c>), as SendGrid wrote it.</summary>
public sealed record SendGridError(string? Message, string? Field = null, string? Help = null);
