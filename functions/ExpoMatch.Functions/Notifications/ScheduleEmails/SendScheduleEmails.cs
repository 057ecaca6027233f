using Azure.Data.Tables;
using ExpoMatch.Functions.Hosting;
using ExpoMatch.Functions.Meetings;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// Timer (every 15 minutes by default): for each event whose last day has not ended, queues a schedule job for every
/// participant whose schedule version differs from the one last emailed (three partition scans per event: participants,
/// meetings, email state), and on the evening before each expo day queues agenda jobs for those with meetings that day.
/// It only queues: the jobs decide and the outbox makes duplicates harmless, so overlapping runs are safe.
/// </summary>
public sealed class SendScheduleEmails(
    RegistrationTables tables,
    ParticipantStore participantStore,
    ScheduleEmailStore store,
    ScheduleEmailQueue queue,
    IOptions<ScheduleEmailOptions> options,
    TimeProvider time,
    ILogger<SendScheduleEmails> logger)
{
    public const string ScheduleSetting = "ExpoMatch:Schedules:SendScheduleEmails";

    [Function(nameof(SendScheduleEmails))]
    public Task Run([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, FunctionContext context) =>
        RunAsync(TimerInvocation.From(timer), context.CancellationToken);

    public async Task RunAsync(TimerInvocation timer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var eventsTable = await tables.GetAsync(RegistrationTables.Events, cancellationToken);
        await foreach (var entity in eventsTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {EventStore.RowKey}"), cancellationToken: cancellationToken))
        {
            var expo = EventRow.FromEntity(entity);
            if (expo.Days.Count == 0 || now >= SendingWindowEnd(expo))
            {
                continue;
            }

            await RunForEventAsync(expo, now, cancellationToken);
        }
    }

    /// <summary>The end of the event's last day, as an instant: schedule emails stop after it.</summary>
    public static DateTimeOffset SendingWindowEnd(ExpoEvent expo)
    {
        var last = expo.Days.MaxBy(d => d.Date)!;
        return Local(expo.Zone, last.Date, last.End);
    }

    public async Task RunForEventAsync(ExpoEvent expo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var participants = await participantStore.ListActiveAsync(expo.Id, cancellationToken);
        var meetingsByParticipant = await MeetingsByParticipantAsync(expo.Id, cancellationToken);
        var states = await LastVersionsAsync(expo.Id, cancellationToken);

        var jobs = new List<ScheduleEmailJob>();
        foreach (var (id, kind, emailHash) in participants)
        {
            var rows = meetingsByParticipant.GetValueOrDefault(id) ?? [];
            var hasState = states.TryGetValue(id, out var lastVersion);
            if ((rows.Count > 0 || hasState) && lastVersion != ScheduleVersion.Compute(rows, emailHash))
            {
                jobs.Add(new ScheduleEmailJob(expo.Id, id, kind.Name(), ScheduleEmailKinds.Schedule));
            }
        }

        var agendas = 0;
        if (options.Value.SendDailyAgenda)
        {
            foreach (var day in expo.Days)
            {
                var opens = Local(expo.Zone, day.Date.AddDays(-1), options.Value.AgendaLocalTime);
                var closes = Local(expo.Zone, day.Date, day.Start);
                if (now < opens || now >= closes || await AgendaDoneAsync(expo.Id, day.Date, cancellationToken))
                {
                    continue;
                }

                var dayJobs = AgendaJobs(expo, day.Date, participants, meetingsByParticipant);
                await queue.EnqueueAllAsync(dayJobs, cancellationToken);
                await MarkAgendaDoneAsync(expo.Id, day.Date, now, cancellationToken);
                agendas += dayJobs.Count;
            }
        }

        await queue.EnqueueAllAsync(jobs, cancellationToken);
        ScheduleEmailsLog.TimerQueued(logger, expo.Id, jobs.Count, agendas);
    }

    private static List<ScheduleEmailJob> AgendaJobs(ExpoEvent expo, DateOnly day, List<ActiveParticipant> participants,
        Dictionary<string, List<BookedMeeting>> meetingsByParticipant)
    {
        var grid = expo.Grid;
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return [.. participants
            .Where(p => meetingsByParticipant.TryGetValue(p.Id, out var rows)
                && rows.Any(r => r.Status == MeetingStatus.Booked && r.Slot >= 0 && r.Slot < grid.Count && grid[r.Slot].Date == day))
            .Select(p => new ScheduleEmailJob(expo.Id, p.Id, p.Kind.Name(), ScheduleEmailKinds.Agenda, date))];
    }

    private static DateTimeOffset Local(TimeZoneInfo zone, DateOnly date, TimeOnly at)
    {
        var local = date.ToDateTime(at, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private async Task<Dictionary<string, List<BookedMeeting>>> MeetingsByParticipantAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(MeetingRow.TableName, cancellationToken);
        var result = new Dictionary<string, List<BookedMeeting>>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, MeetingRow.RowKeyPrefix), cancellationToken: cancellationToken))
        {
            var meeting = BookedMeeting.FromEntity(e);
            foreach (var id in new[] { meeting.VisitorId, meeting.ExhibitorId })
            {
                if (!result.TryGetValue(id, out var list))
                {
                    result[id] = list = [];
                }

                list.Add(meeting);
            }
        }

        return result;
    }

    private async Task<Dictionary<string, int?>> LastVersionsAsync(string eventId, CancellationToken cancellationToken)
    {
        var table = await store.StateAsync(cancellationToken);
        var result = new Dictionary<string, int?>(StringComparer.Ordinal);
        var filter = TableQueries.RowKeyStartsWith(eventId, ScheduleEmailRows.ParticipantStatePrefix);
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["RowKey", ScheduleEmailRows.LastVersion], cancellationToken: cancellationToken))
        {
            result[e.RowKey[ScheduleEmailRows.ParticipantStatePrefix.Length..]] = e.GetInt32(ScheduleEmailRows.LastVersion);
        }

        return result;
    }

    private async Task<bool> AgendaDoneAsync(string eventId, DateOnly day, CancellationToken cancellationToken)
    {
        var table = await store.StateAsync(cancellationToken);
        return await table.GetEntityOrNullAsync(eventId, ScheduleEmailRows.AgendaFanOutKey(day), cancellationToken: cancellationToken) is not null;
    }

    // Written after the fan-out: a run that dies half-way leaves no marker, so the next run queues the day again
    // (the agenda outbox key makes the repeats harmless).
    private async Task MarkAgendaDoneAsync(string eventId, DateOnly day, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await store.StateAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(eventId, ScheduleEmailRows.AgendaFanOutKey(day)) { [ScheduleEmailRows.UpdatedAt] = now },
            TableUpdateMode.Replace, cancellationToken);
    }
}
