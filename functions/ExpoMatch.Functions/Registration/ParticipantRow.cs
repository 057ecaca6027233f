using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// The <c>Participants</c> table (ADR-001): PartitionKey = event id; RowKey <c>exhibitor~{id}</c> / <c>visitor~{id}</c>
/// for the profile, <c>email~{sha256(lower-cased email)}</c> and <c>booth~{sha256(normalised booth code)}</c> for
/// the uniqueness guards. The matcher reads
/// participants through <see cref="FromEntity"/> (tags, normalised tags, tables, availability, status).
/// </summary>
public static class ParticipantRow
{
    public const string EmailPrefix = "email~";
    public const string BoothPrefix = "booth~";

    // Property names.
    public const string Kind = "Kind";
    public const string Status = "Status";
    public const string Name = "Name";
    public const string Company = "Company";
    public const string JobTitle = "JobTitle";
    public const string BoothCode = "BoothCode";
    public const string Email = "Email";
    /// <summary>JSON array of the tags as typed (trimmed).</summary>
    public const string Tags = "Tags";
    /// <summary>JSON array of the normalised tags, same order as <see cref="Tags"/>: what matching compares.</summary>
    public const string NormalisedTags = "NormalisedTags";
    public const string Language = "Language";
    public const string Tables = "Tables";
    /// <summary>JSON array of <c>{start,end}</c> UTC instants; empty means available in every slot.</summary>
    public const string Availability = "Availability";
    public const string TokenHash = "TokenHash";
    public const string EmailHash = "EmailHash";
    public const string RegisteredAt = "RegisteredAt";
    public const string UpdatedAt = "UpdatedAt";
    public const string WithdrawnAt = "WithdrawnAt";
    /// <summary>
    /// Which Idempotency-Key request created the participant (<see cref="Api.IdempotentAttempt"/>): a hash, not the key.
    /// </summary>
    public const string RegistrationFingerprint = "RegistrationFingerprint";
    /// <summary>Why the organiser rejected the exhibitor (status <c>rejected</c>); shown to the exhibitor.</summary>
    public const string RejectionReason = "RejectionReason";
    /// <summary>Set when the participant holds a booth guard row (rows from before booth guards have none).</summary>
    public const string BoothHash = "BoothHash";
    /// <summary>When the organiser last approved or rejected the exhibitor (null: registered without review).</summary>
    public const string ReviewedAt = "ReviewedAt";
    /// <summary>onsite or online (absent: onsite, rows from before online meetings).</summary>
    public const string Attendance = "Attendance";
    /// <summary>The online participant's IANA time zone; absent means the event's.</summary>
    public const string TimeZone = "TimeZone";
    /// <summary>On the email guard row: the participant id holding the address.</summary>
    public const string ParticipantId = "ParticipantId";

    public static string RowKey(ParticipantKind kind, string id) => $"{kind.Name()}~{id}";

    public static string Prefix(ParticipantKind kind) => $"{kind.Name()}~";

    public static string EmailGuardRowKey(string emailHash) => EmailPrefix + emailHash;

    public static string BoothGuardRowKey(string boothHash) => BoothPrefix + boothHash;

    /// <summary>Whether a row of the partition is a uniqueness guard (email or booth) rather than a participant.</summary>
    public static bool IsGuard(string rowKey) =>
        rowKey.StartsWith(EmailPrefix, StringComparison.Ordinal) || rowKey.StartsWith(BoothPrefix, StringComparison.Ordinal);

    public static TableEntity ToEntity(Participant p)
    {
        var entity = new TableEntity(p.EventId, RowKey(p.Kind, p.Id))
        {
            [Kind] = p.Kind.Name(),
            [Status] = p.Status,
            [RegisteredAt] = p.RegisteredAt,
            [UpdatedAt] = p.UpdatedAt,
            [WithdrawnAt] = p.WithdrawnAt,
            [RejectionReason] = p.RejectionReason,
            [ReviewedAt] = p.ReviewedAt,
        };
        if (!p.IsWithdrawn)
        {
            entity[Name] = p.Name;
            entity[Company] = p.Company;
            entity[JobTitle] = p.JobTitle;
            entity[BoothCode] = p.BoothCode;
            entity[Email] = p.Email;
            entity[Tags] = JsonSerializer.Serialize(p.Tags, Json);
            entity[NormalisedTags] = JsonSerializer.Serialize(p.NormalisedTags, Json);
            entity[Language] = p.Language;
            entity[Tables] = p.Tables;
            entity[Availability] = JsonSerializer.Serialize(p.Availability, Json);
            entity[TokenHash] = p.TokenHash;
            entity[EmailHash] = p.EmailHash;
            entity[BoothHash] = p.BoothHash;
            entity[Attendance] = p.Attendance;
            entity[TimeZone] = p.TimeZone;
            entity[RegistrationFingerprint] = p.RegistrationFingerprint;
        }

        entity.ETag = p.ETag is null ? default : new Azure.ETag(p.ETag);
        return entity;
    }

    public static TableEntity EmailGuard(Participant p) => new(p.EventId, EmailGuardRowKey(p.EmailHash))
    {
        [ParticipantId] = p.Id,
        [Kind] = p.Kind.Name(),
    };

    /// <summary>Booth codes are unique in an event: this row exists while an exhibitor holds the code.</summary>
    public static TableEntity BoothGuard(string eventId, string boothHash, string participantId) => new(eventId, BoothGuardRowKey(boothHash))
    {
        [ParticipantId] = participantId,
        [Kind] = ParticipantKind.Exhibitor.Name(),
    };

    /// <summary>Splits a participant row key (<c>{kind}~{id}</c>); false for any other row of the partition.</summary>
    public static bool TryParseRowKey(string rowKey, out ParticipantKind kind, out string id)
    {
        var separator = rowKey.IndexOf('~', StringComparison.Ordinal);
        id = separator > 0 ? rowKey[(separator + 1)..] : "";
        return ParticipantKinds.TryParse(rowKey[..Math.Max(separator, 0)], out kind);
    }

    public static Participant FromEntity(TableEntity e)
    {
        if (!TryParseRowKey(e.RowKey, out var kind, out var id))
        {
            throw new InvalidOperationException($"Row {e.RowKey} is not a participant row.");
        }

        return new Participant(
            e.PartitionKey, kind, id,
            e.GetString(Status) ?? ParticipantStatus.Withdrawn,
            e.GetString(Name) ?? "",
            e.GetString(Company) ?? "",
            e.GetString(JobTitle),
            e.GetString(BoothCode),
            e.GetString(Email) ?? "",
            Array(e.GetString(Tags)),
            Array(e.GetString(NormalisedTags)),
            e.GetString(Language) ?? ParticipantValidation.DefaultLanguage,
            e.GetInt32(Tables) ?? 1,
            JsonSerializer.Deserialize<TimeWindow[]>(e.GetString(Availability) ?? "[]", Json) ?? [],
            e.GetString(TokenHash) ?? "",
            e.GetString(EmailHash) ?? "",
            e.GetDateTimeOffset(RegisteredAt) ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset(UpdatedAt) ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset(WithdrawnAt),
            e.ETag.ToString(),
            e.GetString(RejectionReason),
            e.GetString(BoothHash),
            e.GetDateTimeOffset(ReviewedAt),
            e.GetString(Attendance) ?? Meetings.MeetingModes.Onsite,
            e.GetString(TimeZone),
            e.GetString(RegistrationFingerprint));
    }

    private static string[] Array(string? json) => JsonSerializer.Deserialize<string[]>(json ?? "[]", Json) ?? [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
