namespace ExpoMatch.Functions.Notifications;

/// <summary>Bound from <c>ExpoMatch:Email:SendGrid</c>. Without an <see cref="ApiKey"/> emails go to .eml files.</summary>
public sealed class SendGridOptions
{
    public const string SectionName = "ExpoMatch:Email:SendGrid";

    /// <summary>https://api.sendgrid.com, or https://api.eu.sendgrid.com for EU-pinned accounts.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");

    public string? ApiKey { get; set; }

    public string FromEmail { get; set; } = "";

    /// <summary>Empty counts as unset (the sample and Bicep carry it empty), so the event's name is used instead.</summary>
    public string? FromName { get; set => field = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>SendGrid validates the request and answers 200 without delivering anything.</summary>
    public bool SandboxMode { get; set; }

    /// <summary>Attempts in total for 429, 5xx and refused connections (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First back-off after a 5xx or refused connection; doubles each attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for one wait, whether back-off or until X-RateLimit-Reset.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Per attempt; a timed-out attempt is never retried (SendGrid may have taken it) and surfaces as outcome unknown.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary>Bound from <c>ExpoMatch:Email</c>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "ExpoMatch:Email";

    /// <summary>Where the local sender writes .eml files; relative paths are under the working folder.</summary>
    public string OutboxDirectory { get; set; } = "outbox";
}

/// <summary>Bound from <c>ExpoMatch:Email:SendGrid:EventWebhook</c>.</summary>
public sealed class SendGridWebhookOptions
{
    public const string SectionName = "ExpoMatch:Email:SendGrid:EventWebhook";

    /// <summary>The "Verification Key" from SendGrid's Signed Event Webhook settings: Base64 SubjectPublicKeyInfo.</summary>
    public string? PublicKey { get; set; }

    /// <summary>How far the signed timestamp may be from now, either way; guards against replayed requests.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
