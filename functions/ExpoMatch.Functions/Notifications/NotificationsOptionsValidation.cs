using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Notifications;

/// <summary>Fails start-up with a readable message instead of failing the first send at 3 a.m.</summary>
internal sealed class SendGridOptionsValidator : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        var failures = new List<string>();
        if (!options.BaseUrl.IsAbsoluteUri || (options.BaseUrl.Scheme != Uri.UriSchemeHttps && options.BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{SendGridOptions.SectionName}:BaseUrl must be an absolute http(s) URL.");
        }

        if (options.HasApiKey && !EmailRules.IsPlausibleAddress(options.FromEmail))
        {
            failures.Add($"{SendGridOptions.SectionName}:FromEmail must be a valid (SendGrid-verified) sender address when ApiKey is set.");
        }
        else if (options.FromEmail.Length > 0 && !EmailRules.IsPlausibleAddress(options.FromEmail))
        {
            failures.Add($"{SendGridOptions.SectionName}:FromEmail is not a valid address.");
        }

        if (options.FromName is { } fromName && EmailRules.HasForbiddenNameCharacter(fromName))
        {
            failures.Add($"{SendGridOptions.SectionName}:FromName must not contain ';' or ','.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"{SendGridOptions.SectionName}:MaxAttempts must be between 1 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{SendGridOptions.SectionName}:RetryBaseDelay and MaxRetryDelay must not be negative.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{SendGridOptions.SectionName}:RequestTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        string.IsNullOrWhiteSpace(options.OutboxDirectory)
            ? ValidateOptionsResult.Fail($"{EmailOptions.SectionName}:OutboxDirectory must not be empty.")
            : ValidateOptionsResult.Success;
}

internal sealed class SendGridWebhookOptionsValidator : IValidateOptions<SendGridWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridWebhookOptions options)
    {
        var failures = new List<string>();
        if (options.TimestampTolerance <= TimeSpan.Zero)
        {
            failures.Add($"{SendGridWebhookOptions.SectionName}:TimestampTolerance must be positive.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicKey))
        {
            try
            {
                using var key = SendGridWebhookVerifier.ImportPublicKey(options.PublicKey);
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                failures.Add($"{SendGridWebhookOptions.SectionName}:PublicKey is not a Base64 P-256 SubjectPublicKeyInfo.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
