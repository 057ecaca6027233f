using System.Globalization;
using ExpoMatch.Functions.Api;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Turns registration and PATCH bodies into <see cref="Participant"/>s. A PATCH is the current profile with the sent
/// fields laid over it, validated exactly like a registration, so the two can never disagree on a rule.
/// </summary>
public static class ParticipantValidation
{
    public const string DefaultLanguage = "en";

    public static (Participant? Participant, Dictionary<string, string[]> Errors) Exhibitor(
        ExhibitorFields body, ExpoEvent expo, string id, string tokenHash, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var company = InputRules.RequiredText(errors, "company", body.Company);
        var booth = InputRules.OptionalText(errors, "boothCode", body.BoothCode, 20)?.Trim() is { Length: > 0 } code ? code : null;
        var contact = InputRules.RequiredText(errors, "contactName", body.ContactName);
        var email = InputRules.Email(errors, "email", body.Email);
        var tags = InputRules.Tags(errors, "tags", body.Tags);
        var language = InputRules.Language(errors, "language", body.Language);
        var availability = InputRules.Availability(errors, "availability", body.Availability, expo);
        var (attendance, timeZone) = MeetingModesValidation.Attendance(errors, expo, body.Attendance, body.TimeZone);
        if (body.Tables is { } t && (t < 1 || t > InputRules.MaxTables))
        {
            errors.Add("tables", $"Must be between 1 and {InputRules.MaxTables}.");
        }

        if (errors.HasErrors)
        {
            return (null, errors.ToDictionary());
        }

        return (new Participant(expo.Id, ParticipantKind.Exhibitor, id, ParticipantStatus.Active, contact!, company!,
            null, booth, email!, tags!.Value.Typed, tags.Value.Normalised, language ?? DefaultLanguage,
            body.Tables ?? expo.TablesPerBooth, availability ?? [], tokenHash, InputRules.EmailHash(email!), now, now,
            null, BoothHash: booth is null ? null : InputRules.BoothHash(booth),
            Attendance: attendance, TimeZone: timeZone), []);
    }

    public static (Participant? Participant, Dictionary<string, string[]> Errors) Visitor(
        VisitorFields body, ExpoEvent expo, string id, string tokenHash, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var name = InputRules.RequiredText(errors, "name", body.Name);
        var company = InputRules.RequiredText(errors, "company", body.Company);
        var jobTitle = InputRules.OptionalText(errors, "jobTitle", body.JobTitle);
        var email = InputRules.Email(errors, "email", body.Email);
        var tags = InputRules.Tags(errors, "tags", body.Tags);
        var language = InputRules.Language(errors, "language", body.Language);
        var availability = InputRules.Availability(errors, "availability", body.Availability, expo);
        var (attendance, timeZone) = MeetingModesValidation.Attendance(errors, expo, body.Attendance, body.TimeZone);
        if (errors.HasErrors)
        {
            return (null, errors.ToDictionary());
        }

        return (new Participant(expo.Id, ParticipantKind.Visitor, id, ParticipantStatus.Active, name!, company!,
            string.IsNullOrEmpty(jobTitle) ? null : jobTitle, null, email!, tags!.Value.Typed, tags.Value.Normalised,
            language ?? DefaultLanguage, 1, availability ?? [], tokenHash, InputRules.EmailHash(email!), now, now,
            null, Attendance: attendance, TimeZone: timeZone), []);
    }

    /// <summary>
    /// The current exhibitor with the sent fields applied; identity, status, token and dates are kept. An empty
    /// boothCode clears it.
    /// </summary>
    public static (Participant? Participant, Dictionary<string, string[]> Errors) Patch(
        Participant current, ExhibitorFields body, ExpoEvent expo, DateTimeOffset now)
    {
        var merged = new ExhibitorFields(body.Company ?? current.Company, body.BoothCode ?? current.BoothCode,
            body.ContactName ?? current.Name, body.Email ?? current.Email, body.Tags ?? [.. current.Tags],
            body.Language ?? current.Language, body.Tables ?? current.Tables,
            body.Availability ?? Ranges(current.Availability), body.Attendance ?? current.Attendance,
            body.TimeZone ?? KeptTimeZone(current, body.Attendance));
        var (patched, errors) = Exhibitor(merged, expo, current.Id, current.TokenHash, now);
        return (patched is null ? null : KeepIdentity(patched, current, now), errors);
    }

    /// <summary>The current visitor with the sent fields applied; an empty jobTitle clears it.</summary>
    public static (Participant? Participant, Dictionary<string, string[]> Errors) Patch(
        Participant current, VisitorFields body, ExpoEvent expo, DateTimeOffset now)
    {
        var merged = new VisitorFields(body.Name ?? current.Name, body.Company ?? current.Company,
            body.JobTitle ?? current.JobTitle, body.Email ?? current.Email, body.Tags ?? [.. current.Tags],
            body.Language ?? current.Language, body.Availability ?? Ranges(current.Availability),
            body.Attendance ?? current.Attendance, body.TimeZone ?? KeptTimeZone(current, body.Attendance));
        var (patched, errors) = Visitor(merged, expo, current.Id, current.TokenHash, now);
        return (patched is null ? null : KeepIdentity(patched, current, now), errors);
    }

    /// <summary>A participant switching to onsite drops their own zone (they read the event's from now on).</summary>
    private static string? KeptTimeZone(Participant current, string? attendance) =>
        attendance is null or Meetings.MeetingModes.Online ? current.TimeZone : null;

    private static Participant KeepIdentity(Participant patched, Participant current, DateTimeOffset now) => patched with
    {
        Status = current.Status,
        RejectionReason = current.RejectionReason,
        RegisteredAt = current.RegisteredAt,
        UpdatedAt = now,
        ETag = current.ETag,
    };

    private static List<TimeRangeDto?> Ranges(IReadOnlyList<TimeWindow> windows) =>
        [.. windows.Select(w => new TimeRangeDto(
            w.Start.ToString("O", CultureInfo.InvariantCulture), w.End.ToString("O", CultureInfo.InvariantCulture)))];

    public static ExhibitorResponse ToExhibitorResponse(this Participant p, SlotGrid grid, string? accessToken = null) =>
        new(p.Id, p.EventId, p.Status, p.Company, p.BoothCode ?? "", p.Name, p.Email, p.Tags, p.Language, p.Tables,
            Availability(p, grid), p.RegisteredAt, p.Attendance, p.TimeZone, accessToken, p.RejectionReason);

    public static VisitorResponse ToVisitorResponse(this Participant p, SlotGrid grid, string? accessToken = null) =>
        new(p.Id, p.EventId, p.Status, p.Name, p.Company, p.JobTitle, p.Email, p.Tags, p.Language,
            Availability(p, grid), p.RegisteredAt, p.Attendance, p.TimeZone, accessToken);

    public static DirectoryEntry ToDirectoryEntry(this Participant p) =>
        new(p.Id, p.Company, p.BoothCode ?? "", p.Tags, p.Language, p.Tables);

    private static List<AvailabilityDto> Availability(Participant p, SlotGrid grid) =>
        [.. p.Availability.Select(w => new AvailabilityDto(grid.ToEventTime(w.Start), grid.ToEventTime(w.End)))];
}
