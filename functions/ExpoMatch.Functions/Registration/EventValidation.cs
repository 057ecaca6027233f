using System.Globalization;
using ExpoMatch.Functions.Api;

namespace ExpoMatch.Functions.Registration;

/// <summary>Turns a create-event body into an <see cref="ExpoEvent"/> with a valid slot grid, or field errors.</summary>
public static class EventValidation
{
    /// <summary>
    /// Dates an event may use. Table storage cannot hold instants before 1601, and time-zone arithmetic near
    /// DateTime's limits overflows: a sane window keeps both out of a client's reach.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);

    public static readonly DateOnly LatestDate = new(2199, 12, 31);

    public static (ExpoEvent? Event, Dictionary<string, string[]> Errors) Validate(
        CreateEventRequest body, string id, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var name = InputRules.RequiredText(errors, "name", body.Name);
        var venue = InputRules.RequiredText(errors, "venue", body.Venue);
        var zone = TimeZone(errors, body.TimeZone);
        var days = Days(errors, body.Days);
        var breaks = Breaks(errors, body.Breaks);
        if (body.SlotMinutes is null)
        {
            errors.Add("slotMinutes", "Required.");
        }

        var tables = Range(errors, "tablesPerBooth", body.TablesPerBooth, 1, 1, InputRules.MaxTables);
        var perVisitor = Range(errors, "maxMeetingsPerVisitor", body.MaxMeetingsPerVisitor, 8, 1, SlotGrid.MaxSlots);
        var perExhibitor = Range(errors, "maxMeetingsPerExhibitor", body.MaxMeetingsPerExhibitor, 16, 1, SlotGrid.MaxSlots * InputRules.MaxTables);
        var opensAt = Instant(errors, "registrationOpensAt", body.RegistrationOpensAt);
        var closesAt = Instant(errors, "registrationClosesAt", body.RegistrationClosesAt);
        var mode = body.ExhibitorRegistration ?? ExhibitorRegistrationModes.Open;
        if (!ExhibitorRegistrationModes.All.Contains(mode, StringComparer.Ordinal))
        {
            errors.Add("exhibitorRegistration", $"One of {string.Join(", ", ExhibitorRegistrationModes.All)}.");
        }

        var modes = MeetingModesValidation.Validate(errors, body.MeetingModes, body.VideoLinkTemplate);
        SlotGrid? grid = null;
        if (zone is not null && days is not null && breaks is not null && body.SlotMinutes is { } slotMinutes)
        {
            var result = SlotGrid.Create(zone, days, slotMinutes, breaks);
            errors.AddRange(result.Errors);
            grid = result.Grid;
        }

        if (grid is not null)
        {
            WindowRules(errors, grid, days!, opensAt, closesAt);
        }

        if (errors.HasErrors || grid is null)
        {
            return (null, errors.ToDictionary());
        }

        var expo = new ExpoEvent(id, name!, venue!, zone!, days!, body.SlotMinutes!.Value, breaks!, tables, perVisitor,
            perExhibitor, body.AutoMatch ?? false, (closesAt ?? LastDayEnd(grid, days!)).ToUniversalTime(), now, mode,
            opensAt?.ToUniversalTime(), modes);
        return (expo, []);
    }

    /// <summary>
    /// The registration window: it closes after it opens, and never after the end of the event's last day (nobody is
    /// left to meet after that). It may lie in the past: an organiser may create an event with registration closed.
    /// </summary>
    private static void WindowRules(FieldErrors errors, SlotGrid grid, IReadOnlyList<EventDay> days, DateTimeOffset? opensAt,
        DateTimeOffset? closesAt)
    {
        var end = LastDayEnd(grid, days);
        if (closesAt is { } closes && closes > end)
        {
            errors.Add("registrationClosesAt", $"Must not be after the end of the event's last day ({grid.ToEventTime(end):yyyy-MM-dd'T'HH:mm:sszzz}).");
        }
        else if (opensAt is { } opens && (closesAt ?? end) <= opens)
        {
            errors.Add("registrationOpensAt", "Must be before registrationClosesAt (by default the end of the event's last day).");
        }
    }

    /// <summary>The end of the event's last day in UTC (the last slot's end if that local time does not exist).</summary>
    public static DateTimeOffset LastDayEnd(SlotGrid grid, IReadOnlyList<EventDay> days)
    {
        var last = days.OrderBy(d => d.Date).Last();
        var local = last.Date.ToDateTime(last.End);
        return grid.Zone.IsInvalidTime(local)
            ? grid[grid.Count - 1].EndUtc
            : new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, grid.Zone), TimeSpan.Zero);
    }

    private static DateTimeOffset? Instant(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (InputRules.TryParseInstant(value, out var parsed) && parsed.Year >= EarliestDate.Year && parsed.Year <= LatestDate.Year)
        {
            return parsed;
        }

        errors.Add(field, $"An ISO-8601 date and time with an offset, in the years {EarliestDate.Year}-{LatestDate.Year}.");
        return null;
    }

    private static TimeZoneInfo? TimeZone(FieldErrors errors, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add("timeZone", "Required: an IANA time zone such as Asia/Ho_Chi_Minh.");
            return null;
        }

        // Windows names also resolve on some platforms; we store and show IANA ids only.
        if (id.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || !zone.HasIanaId ||
            !string.Equals(zone.Id, id, StringComparison.Ordinal))
        {
            errors.Add("timeZone", "Unknown time zone: use an IANA id such as Asia/Ho_Chi_Minh.");
            return null;
        }

        return zone;
    }

    private static List<EventDay>? Days(FieldErrors errors, IReadOnlyList<EventDayDto?>? days)
    {
        if (days is null || days.Count == 0)
        {
            errors.Add("days", "At least one day is required.");
            return null;
        }

        if (days.Count > SlotGrid.MaxDays)
        {
            errors.Add("days", $"At most {SlotGrid.MaxDays} days.");
            return null;
        }

        var result = new List<EventDay>();
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var ok = true;
            if (!DateOnly.TryParseExact(day?.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ||
                date < EarliestDate || date > LatestDate)
            {
                errors.Add($"days[{i}].date", $"A date as yyyy-MM-dd, from {Iso(EarliestDate)} to {Iso(LatestDate)}.");
                ok = false;
            }

            ok &= TryTime(errors, $"days[{i}].start", day?.Start, out var start);
            ok &= TryTime(errors, $"days[{i}].end", day?.End, out var end);
            if (ok)
            {
                result.Add(new EventDay(date, start, end));
            }
        }

        return result.Count == days.Count ? result : null;
    }

    private static List<DailyBreak>? Breaks(FieldErrors errors, IReadOnlyList<TimeRangeDto?>? breaks)
    {
        var result = new List<DailyBreak>();
        if (breaks is null)
        {
            return result;
        }

        if (breaks.Count > 10)
        {
            errors.Add("breaks", "At most 10 breaks.");
            return null;
        }

        for (var i = 0; i < breaks.Count; i++)
        {
            var ok = TryTime(errors, $"breaks[{i}].start", breaks[i]?.Start, out var start);
            ok &= TryTime(errors, $"breaks[{i}].end", breaks[i]?.End, out var end);
            if (ok)
            {
                result.Add(new DailyBreak(start, end));
            }
        }

        return result.Count == breaks.Count ? result : null;
    }

    private static bool TryTime(FieldErrors errors, string field, string? value, out TimeOnly time)
    {
        if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            return true;
        }

        errors.Add(field, "A local time as HH:mm (24-hour).");
        return false;
    }

    private static int Range(FieldErrors errors, string field, int? value, int fallback, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add(field, $"Must be between {min} and {max}.");
        }

        return value ?? fallback;
    }

    /// <summary>The API view of an event, with its slot grid.</summary>
    public static EventResponse ToResponse(this ExpoEvent expo, DateTimeOffset now, DateTimeOffset? erasedAfter, DateTimeOffset? erasedAt)
    {
        var grid = expo.Grid;
        return new EventResponse(
            expo.Id, expo.Name, expo.Venue, expo.Zone.Id,
            [.. expo.Days.Select(d => new EventDayDto(Iso(d.Date), Hm(d.Start), Hm(d.End)))],
            expo.SlotMinutes,
            [.. expo.Breaks.Select(b => new TimeRangeDto(Hm(b.Start), Hm(b.End)))],
            expo.TablesPerBooth, expo.MaxMeetingsPerVisitor, expo.MaxMeetingsPerExhibitor, expo.AutoMatch,
            grid.ToEventTime(expo.OpensAt), grid.ToEventTime(expo.RegistrationClosesAt), expo.IsRegistrationOpen(now),
            expo.ExhibitorRegistration,
            [.. grid.Slots.Select(s => new SlotDto(s.Index, Iso(s.Date), s.StartUtc, s.EndUtc,
                grid.ToEventTime(s.StartUtc), grid.ToEventTime(s.EndUtc)))],
            erasedAfter is { } after ? grid.ToEventTime(after) : null,
            erasedAt is { } at ? grid.ToEventTime(at) : null,
            expo.Modes.Modes);
    }

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string Hm(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
