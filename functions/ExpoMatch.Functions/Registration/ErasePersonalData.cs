using Azure.Data.Tables;
using ExpoMatch.Functions.Storage;
using ExpoMatch.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Registration;

/// <summary>
/// Timer (daily by default): erases the personal data of every participant of each event whose retention has passed
/// (<see cref="RetentionOptions.PersonalDataDays"/> after its last day ends), leaving the tombstone a withdrawal leaves
/// (<see cref="ParticipantStore.EraseManyAsync"/>) and removing request notes. Meetings and requests keep their ids,
/// statuses and slots (no personal data; the event is over, so nothing is freed or re-matched). An event is marked
/// erased (<see cref="PersonalDataErasure"/>) once a run got through all of it; a run that stops half way (timeout,
/// outage, crash) is resumed by the next one, since the queries select only what is still to erase, and each run
/// looks at due events again. Logs counts, never data.
/// </summary>
public sealed partial class ErasePersonalData(
    RegistrationTables tables,
    ParticipantStore participants,
    MeetingRequestStore requests,
    PersonalDataErasure erasures,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    ILogger<ErasePersonalData> logger)
{
    public const string ScheduleSetting = "ExpoMatch:Schedules:ErasePersonalData";

    [Function(nameof(ErasePersonalData))]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(context.CancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (retention.Value.PersonalDataDays == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var (expo, marked) in await DueEventsAsync(now, cancellationToken))
        {
            var (people, notes) = await EraseEventAsync(expo.Id, now, cancellationToken);
            if (!marked)
            {
                await erasures.MarkErasedAsync(expo.Id, now, people, cancellationToken);
            }

            if (!marked || people + notes > 0)
            {
                Erased(logger, expo.Id, people, notes);
            }
        }
    }

    /// <summary>
    /// Events whose retention has passed, and whether each is marked erased already. Marked events are looked at again
    /// (one query finding nothing, normally): registration may stay open after an event, so someone could join late.
    /// </summary>
    private async Task<List<(ExpoEvent Event, bool Marked)>> DueEventsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Events, cancellationToken);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var due = new List<ExpoEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {EventStore.RowKey} or RowKey eq {PersonalDataErasure.RowKey}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey == PersonalDataErasure.RowKey)
            {
                done.Add(row.PartitionKey);
            }
            else if (EventRow.FromEntity(row) is var expo && retention.Value.ErasedAfter(expo) <= now)
            {
                due.Add(expo);
            }
        }

        return [.. due.Select(e => (e, done.Contains(e.Id)))];
    }

    private async Task<(int Participants, int Notes)> EraseEventAsync(string eventId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var erased = 0;
        string? after = null;
        do
        {
            var (page, next) = await participants.ListNotErasedAsync(eventId, after, ParticipantStore.MaxErasedPerTransaction, cancellationToken);
            erased += await participants.EraseManyAsync(page, now, cancellationToken);
            after = next;
        }
        while (after is not null);

        return (erased, await requests.EraseNotesAsync(eventId, now, cancellationToken));
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Retention: erased the personal data of {Participants} participants and {Notes} request notes of event {EventId}")]
    private static partial void Erased(ILogger logger, string eventId, int participants, int notes);
}

/// <summary>
/// The <c>Events</c> row <c>erasure</c> (ADR-001) recording that an event's personal data was erased by retention:
/// written once the erasure is complete, read by GET /api/events/{eventId} once the date has passed.
/// </summary>
public sealed class PersonalDataErasure(RegistrationTables tables)
{
    public const string RowKey = "erasure";

    public async Task MarkErasedAsync(string eventId, DateTimeOffset erasedAt, int participants, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Events, cancellationToken);
        // Upsert: a second run that found nothing left to erase marks the same row again, harmlessly.
        await table.UpsertEntityAsync(new TableEntity(eventId, RowKey)
        {
            ["ErasedAt"] = erasedAt,
            ["Participants"] = participants,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>When the event's personal data was erased, or null if it was not (yet).</summary>
    public async Task<DateTimeOffset?> ErasedAtAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(RegistrationTables.Events, cancellationToken);
        var row = await table.GetEntityOrNullAsync(eventId, RowKey, cancellationToken: cancellationToken);
        return row?.GetDateTimeOffset("ErasedAt");
    }
}
