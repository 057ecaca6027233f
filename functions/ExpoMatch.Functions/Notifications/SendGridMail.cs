using System.Text.Json.Serialization;

namespace ExpoMatch.Functions.Notifications;

// The v3 Mail Send request body, field for field (twilio/sendgrid-oai tsg_mail_v3.json). Nulls are omitted.

public sealed record SendGridMail(
    IReadOnlyList<SendGridPersonalization> Personalizations,
    SendGridAddress From,
    string? Subject = null,
    IReadOnlyList<SendGridContent>? Content = null)
{
    public SendGridAddress? ReplyTo { get; init; }

    public IReadOnlyList<SendGridAttachment>? Attachments { get; init; }

    public IReadOnlyList<string>? Categories { get; init; }

    public IReadOnlyDictionary<string, string>? CustomArgs { get; init; }

    public string? TemplateId { get; init; }

    public SendGridMailSettings? MailSettings { get; init; }
}

public sealed record SendGridPersonalization(IReadOnlyList<SendGridAddress> To)
{
    public IReadOnlyList<SendGridAddress>? Cc { get; init; }

    public IReadOnlyList<SendGridAddress>? Bcc { get; init; }

    public string? Subject { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public IReadOnlyDictionary<string, string>? CustomArgs { get; init; }

    public long? SendAt { get; init; }
}

public sealed record SendGridAddress(string Email, string? Name = null);

public sealed record SendGridContent(string Type, string Value);

/// <summary><see cref="Content"/> is serialized as Base64, which is what SendGrid expects.</summary>
public sealed record SendGridAttachment(ReadOnlyMemory<byte> Content, string Filename)
{
    public string? Type { get; init; }

    public string? Disposition { get; init; }

    public string? ContentId { get; init; }
}

public sealed record SendGridMailSettings(SendGridSetting? SandboxMode = null);

public sealed record SendGridSetting(bool Enable);

/// <summary>SendGrid's error body: <c>{"errors":[{"message","field","help"}]}</c>.</summary>
public sealed record SendGridErrorResponse(IReadOnlyList<SendGridError>? Errors);

public sealed record SendGridError(string? Message, string? Field = null, string? Help = null);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendGridMail))]
[JsonSerializable(typeof(SendGridErrorResponse))]
internal sealed partial class SendGridJsonContext : JsonSerializerContext;
