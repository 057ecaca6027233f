using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// The <c>Events</c> table: PartitionKey = event id, RowKey = <c>event</c>. Events are immutable once created, so a
/// found event is cached for the life of the process (every registration and schedule read needs it).
/// </summary>
public sealed class EventStore(RegistrationTables tables)
{
    public const string RowKey = "event";

    private readonly ConcurrentDictionary<string, ExpoEvent> _cache = new(StringComparer.Ordinal);

    public async Task CreateAsync(ExpoEvent expo, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Events, cancellationToken);
        try
        {
            await table.AddEntityAsync(EventRow.ToEntity(expo), cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == StorageStatus.Conflict)
        {
            // The id is new and random, so the row under it is this very event: the SDK retried a try that timed out
            // after the store had applied it. Created, then.
        }

        _cache[expo.Id] = expo;
    }

    /// <summary>Every event's id: one small row per event, only the keys read.</summary>
    public async Task<List<string>> ListIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var e in QueryEventsAsync(["PartitionKey"], cancellationToken))
        {
            ids.Add(e.PartitionKey);
        }

        return ids;
    }

    /// <summary>
    /// The ids of events whose last day ends at or after <paramref name="endedAfter"/>: still running, to come, or
    /// ended recently. One scan of the (small) event rows; each row is parsed once per process (events are immutable,
    /// so the parsed event joins the cache <see cref="GetAsync"/> reads).
    /// </summary>
    public async Task<List<string>> ListIdsEndingAfterAsync(DateTimeOffset endedAfter, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var e in QueryEventsAsync(select: null, cancellationToken))
        {
            if (_cache.GetOrAdd(e.PartitionKey, _ => EventRow.FromEntity(e)).EndsAt >= endedAfter)
            {
                ids.Add(e.PartitionKey);
            }
        }

        return ids;
    }

    private async IAsyncEnumerable<TableEntity> QueryEventsAsync(
        IEnumerable<string>? select, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Events, cancellationToken);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {RowKey}"), select: select, cancellationToken: cancellationToken))
        {
            yield return e;
        }
    }

    /// <summary>The event, or null when the id is malformed or unknown.</summary>
    public async Task<ExpoEvent?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId))
        {
            return null;
        }

        if (_cache.TryGetValue(eventId, out var cached))
        {
            return cached;
        }

        var table = await tables.GetAsync(RegistrationTables.Events, cancellationToken);
        var entity = await table.GetEntityOrNullAsync(eventId, RowKey, cancellationToken: cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var expo = EventRow.FromEntity(entity);
        _cache[eventId] = expo;
        return expo;
    }
}

/// <summary>Property names and mapping of the event row; the matcher reads events through <see cref="FromEntity"/>.</summary>
public static class EventRow
{
    private sealed record DayJson(string Date, string Start, string End);

    private sealed record RangeJson(string Start, string End);

    public static TableEntity ToEntity(ExpoEvent e) => new(e.Id, EventStore.RowKey)
    {
        ["Name"] = e.Name,
        ["Venue"] = e.Venue,
        ["TimeZone"] = e.Zone.Id,
        ["Days"] = JsonSerializer.Serialize(e.Days.Select(d =>
            new DayJson(EventValidation.Iso(d.Date), EventValidation.Hm(d.Start), EventValidation.Hm(d.End))), Json),
        ["SlotMinutes"] = e.SlotMinutes,
        ["Breaks"] = JsonSerializer.Serialize(e.Breaks.Select(b =>
            new RangeJson(EventValidation.Hm(b.Start), EventValidation.Hm(b.End))), Json),
        ["SlotCount"] = e.Grid.Count,
        ["TablesPerBooth"] = e.TablesPerBooth,
        ["MaxMeetingsPerVisitor"] = e.MaxMeetingsPerVisitor,
        ["MaxMeetingsPerExhibitor"] = e.MaxMeetingsPerExhibitor,
        ["AutoMatch"] = e.AutoMatch,
        ["RegistrationClosesAt"] = e.RegistrationClosesAt,
        ["RegistrationOpensAt"] = e.RegistrationOpensAt,
        ["ExhibitorRegistration"] = e.ExhibitorRegistration,
        ["CreatedAt"] = e.CreatedAt,
        ["MeetingModes"] = string.Join(',', e.Modes.Modes),
        ["VideoLinkTemplate"] = e.Modes.VideoLinkTemplate,
    };

    public static ExpoEvent FromEntity(TableEntity entity)
    {
        var days = JsonSerializer.Deserialize<DayJson[]>(entity.GetString("Days") ?? "[]", Json) ?? [];
        var breaks = JsonSerializer.Deserialize<RangeJson[]>(entity.GetString("Breaks") ?? "[]", Json) ?? [];
        return new ExpoEvent(
            entity.PartitionKey,
            entity.GetString("Name") ?? "",
            entity.GetString("Venue") ?? "",
            TimeZoneInfo.FindSystemTimeZoneById(entity.GetString("TimeZone") ?? "UTC"),
            [.. days.Select(d => new EventDay(DateOnly.ParseExact(d.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Time(d.Start), Time(d.End)))],
            entity.GetInt32("SlotMinutes") ?? 0,
            [.. breaks.Select(b => new DailyBreak(Time(b.Start), Time(b.End)))],
            entity.GetInt32("TablesPerBooth") ?? 1,
            entity.GetInt32("MaxMeetingsPerVisitor") ?? 0,
            entity.GetInt32("MaxMeetingsPerExhibitor") ?? 0,
            entity.GetBoolean("AutoMatch") ?? false,
            entity.GetDateTimeOffset("RegistrationClosesAt") ?? DateTimeOffset.MinValue,
            entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            // Events stored before exhibitors could register themselves kept that to the organiser.
            entity.GetString("ExhibitorRegistration") ?? ExhibitorRegistrationModes.Organiser,
            entity.GetDateTimeOffset("RegistrationOpensAt"),
            entity.GetString("MeetingModes") is { Length: > 0 } modes
                ? new Meetings.MeetingModeSettings(modes.Split(','), entity.GetString("VideoLinkTemplate"))
                : null);
    }

    private static TimeOnly Time(string hm) => TimeOnly.ParseExact(hm, "HH:mm", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
