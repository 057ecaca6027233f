using System.Globalization;
using ExpoMatch.Functions.Api;

namespace ExpoMatch.Functions.Registration;

/// <summary>One expo day in the event's local time.</summary>
public sealed record EventDay(DateOnly Date, TimeOnly Start, TimeOnly End);

/// <summary>A break that applies to every day, in the event's local time (lunch, keynote).</summary>
public sealed record DailyBreak(TimeOnly Start, TimeOnly End);

/// <summary>One meeting slot: a global index over all days and its instants (UTC offset).</summary>
public sealed record Slot(int Index, DateOnly Date, DateTimeOffset StartUtc, DateTimeOffset EndUtc);

/// <summary>
/// The meeting slots of an event: each day from its start is cut into <c>slotMinutes</c> slots, skipping breaks.
/// Slot indexes run over all days in order, from 0. The matcher books by index, schedules and emails show the times.
/// </summary>
/// <remarks>
/// Every working period (day start to a break, between breaks, last break to day end) must hold a whole number of
/// slots: a grid that leaves minutes over is rejected rather than silently shortened, so an organiser never gets a
/// day that ends earlier than they typed. Local times become instants through the zone's rules; a local time that
/// does not exist (skipped by a daylight-saving jump) is rejected, an ambiguous one takes the earlier instant.
/// </remarks>
public sealed class SlotGrid
{
    public const int MinSlotMinutes = 5;
    public const int MaxSlotMinutes = 240;
    public const int MaxDays = 31;
    public const int MaxSlots = 2000;

    private readonly Slot[] _slots;

    private SlotGrid(TimeZoneInfo zone, Slot[] slots)
    {
        Zone = zone;
        _slots = slots;
    }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<Slot> Slots => _slots;

    public int Count => _slots.Length;

    public Slot this[int index] => _slots[index];

    /// <summary>The instant shown with the event's UTC offset at that instant (what a schedule prints).</summary>
    public DateTimeOffset ToEventTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>
    /// A slot that has started (or passed) takes no new meeting: walk-ins are booked into the remaining slots only.
    /// Every booking path (incremental matcher, auto-match, organiser runs) asks this with the TimeProvider's now.
    /// </summary>
    public bool HasStarted(int slot, DateTimeOffset now) => _slots[slot].StartUtc <= now;

    /// <summary>Whether any slot has started by <paramref name="now"/> (the show is on or over).</summary>
    public bool AnyStarted(DateTimeOffset now) => _slots.Any(s => s.StartUtc <= now);

    /// <summary>Indexes of the slots lying entirely inside [from, to).</summary>
    public IEnumerable<int> SlotsWithin(DateTimeOffset from, DateTimeOffset to) =>
        _slots.Where(s => s.StartUtc >= from && s.EndUtc <= to).Select(s => s.Index);

    /// <summary>Builds the grid, or returns the field errors (keyed like the request body) that prevent it.</summary>
    public static SlotGridResult Create(
        TimeZoneInfo zone, IReadOnlyList<EventDay> days, int slotMinutes, IReadOnlyList<DailyBreak> breaks)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var errors = new FieldErrors();
        if (slotMinutes is < MinSlotMinutes or > MaxSlotMinutes)
        {
            errors.Add("slotMinutes", $"Must be between {MinSlotMinutes} and {MaxSlotMinutes} minutes.");
        }

        if (days.Count == 0 || days.Count > MaxDays)
        {
            errors.Add("days", $"Between 1 and {MaxDays} days are required.");
        }

        for (var i = 0; i < breaks.Count; i++)
        {
            if (breaks[i].End <= breaks[i].Start)
            {
                errors.Add($"breaks[{i}].end", "A break must end after it starts.");
            }
            else if (breaks.Take(i).Any(b => b.Start < breaks[i].End && breaks[i].Start < b.End))
            {
                errors.Add($"breaks[{i}]", "Breaks must not overlap.");
            }
        }

        for (var i = 0; i < days.Count; i++)
        {
            if (days[i].End <= days[i].Start)
            {
                errors.Add($"days[{i}].end", "A day must end after it starts.");
            }

            if (i > 0 && days[i].Date <= days[i - 1].Date)
            {
                errors.Add($"days[{i}].date", "Days must be distinct and in ascending order.");
            }
        }

        if (errors.HasErrors)
        {
            return new SlotGridResult(null, errors.ToDictionary());
        }

        var slots = new List<Slot>();
        var length = TimeSpan.FromMinutes(slotMinutes);
        var orderedBreaks = breaks.OrderBy(b => b.Start).ToArray();
        for (var d = 0; d < days.Count && !errors.HasErrors; d++)
        {
            var day = days[d];
            var daySlots = 0;
            foreach (var (from, to) in WorkingPeriods(day, orderedBreaks))
            {
                if (!TryToInstant(zone, day.Date, from, out var start) || !TryToInstant(zone, day.Date, to, out var end))
                {
                    errors.Add($"days[{d}]", $"A time on {Iso(day.Date)} does not exist in {zone.Id} (daylight-saving change).");
                    break;
                }

                var minutes = (end - start).TotalMinutes;
                var leftover = minutes % slotMinutes;
                if (leftover != 0)
                {
                    errors.Add("slotMinutes", string.Create(CultureInfo.InvariantCulture,
                        $"The {from:HH\\:mm}-{to:HH\\:mm} period of {Iso(day.Date)} is not a whole number of {slotMinutes}-minute slots ({leftover:0} minutes left over)."));
                    break;
                }

                for (var at = start; at + length <= end; at += length)
                {
                    slots.Add(new Slot(slots.Count, day.Date, at, at + length));
                    daySlots++;
                }
            }

            if (!errors.HasErrors && daySlots == 0)
            {
                errors.Add($"days[{d}]", $"No {slotMinutes}-minute slot fits in {Iso(day.Date)} outside the breaks.");
            }

            if (slots.Count > MaxSlots)
            {
                errors.Add("slotMinutes", $"The grid has more than {MaxSlots} slots; use longer slots or fewer days.");
            }
        }

        return errors.HasErrors
            ? new SlotGridResult(null, errors.ToDictionary())
            : new SlotGridResult(new SlotGrid(zone, [.. slots]), new Dictionary<string, string[]>());
    }

    /// <summary>The day cut by the breaks that overlap it; breaks are clipped to the day's hours.</summary>
    private static IEnumerable<(TimeOnly From, TimeOnly To)> WorkingPeriods(EventDay day, DailyBreak[] breaks)
    {
        var cursor = day.Start;
        foreach (var pause in breaks)
        {
            if (pause.End <= cursor || pause.Start >= day.End)
            {
                continue;
            }

            if (pause.Start > cursor)
            {
                yield return (cursor, pause.Start);
            }

            cursor = pause.End < day.End ? pause.End : day.End;
        }

        if (cursor < day.End)
        {
            yield return (cursor, day.End);
        }
    }

    private static bool TryToInstant(TimeZoneInfo zone, DateOnly date, TimeOnly time, out DateTimeOffset instant)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            instant = default;
            return false;
        }

        // For an ambiguous time (clocks going back) the larger offset is the earlier instant.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        instant = new DateTimeOffset(local, offset).ToUniversalTime();
        return true;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The grid, or the field errors that prevent it.</summary>
public sealed record SlotGridResult(SlotGrid? Grid, IReadOnlyDictionary<string, string[]> Errors);
