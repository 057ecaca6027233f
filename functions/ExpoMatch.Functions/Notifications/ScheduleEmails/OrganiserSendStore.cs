using Azure;
using Azure.Data.Tables;
using ExpoMatch.Functions.FollowUpWork;
using ExpoMatch.Functions.Registration;
using ExpoMatch.Functions.Storage;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>One participant an organiser send covers, and what its job came to (empty while not run yet).</summary>
public sealed record OrganiserSendMember(string ParticipantId, string ParticipantKind, string Outcome, string OutboxKey);

/// <summary>
/// The rows of an organiser send in <c>EmailState</c> (partition = event id): the header <c>send~{id}</c> and one
/// member row <c>send~{id}~{participantId}</c> per participant it covers. The header and the fan-out job are one
/// transaction (ADR-004), so an accepted send is always fanned out, whatever happens to the request that made it.
/// The fan-out writes every member row before queueing any participant job and then marks the header
/// <c>Total</c>; from then on the member rows are the send's fixed list, so a redelivered fan-out re-queues exactly
/// the members whose job has not answered yet.
/// </summary>
public sealed class OrganiserSendStore(RegistrationTables tables, PendingWorkDelivery pendingWork)
{
    private const int MembersPerTransaction = 100; // the entity group transaction limit

    private Task<TableClient> Table(CancellationToken cancellationToken) => tables.GetAsync(ScheduleEmailRows.StateTable, cancellationToken);

    /// <summary>Records the send and its fan-out job in one transaction, then delivers the job.</summary>
    public async Task CreateAsync(string eventId, string sendId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var header = new TableEntity(eventId, ScheduleEmailRows.SendKey(sendId)) { [ScheduleEmailRows.CreatedAt] = now };
        var fanOut = new ScheduleEmailJob(eventId, "", "", ScheduleEmailKinds.OrganiserSend, SendId: sendId);
        await pendingWork.SubmitAsync(await Table(cancellationToken),
            [new TableTransactionAction(TableTransactionActionType.Add, header)], [ScheduleEmailQueue.Pending(fanOut)], cancellationToken);
    }

    public async Task<TableEntity?> GetHeaderAsync(string eventId, string sendId, CancellationToken cancellationToken) =>
        await (await Table(cancellationToken)).GetEntityOrNullAsync(eventId, ScheduleEmailRows.SendKey(sendId), cancellationToken: cancellationToken);

    /// <summary>Whether the fan-out has fixed the member list (the header carries <c>Total</c>).</summary>
    public static bool IsFannedOut(TableEntity header) => header.GetInt32(ScheduleEmailRows.Total) is not null;

    /// <summary>
    /// Adds member rows for <paramref name="participants"/>, merging, so an outcome a job already recorded is kept
    /// (a fan-out delivered twice at once).
    /// </summary>
    public async Task AddMembersAsync(string eventId, string sendId, IReadOnlyList<(string Id, string Kind)> participants, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var batches = participants.Chunk(MembersPerTransaction).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch.Select(p => new TableTransactionAction(
                TableTransactionActionType.UpsertMerge,
                new TableEntity(eventId, ScheduleEmailRows.SendMemberKey(sendId, p.Id)) { [ScheduleEmailRows.ParticipantKind] = p.Kind })), ct));
    }

    /// <summary>Marks the member list fixed. A concurrent fan-out that got there first is just as good.</summary>
    public async Task MarkFannedOutAsync(TableEntity header, int total, CancellationToken cancellationToken)
    {
        header[ScheduleEmailRows.Total] = total;
        try
        {
            await (await Table(cancellationToken)).UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == StorageStatus.PreconditionFailed)
        {
        }
    }

    public async Task<List<OrganiserSendMember>> ListMembersAsync(string eventId, string sendId, CancellationToken cancellationToken)
    {
        var table = await Table(cancellationToken);
        var prefix = ScheduleEmailRows.SendMemberPrefix(sendId);
        var members = new List<OrganiserSendMember>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableQueries.RowKeyStartsWith(eventId, prefix), cancellationToken: cancellationToken))
        {
            members.Add(new OrganiserSendMember(e.RowKey[prefix.Length..], e.GetString(ScheduleEmailRows.ParticipantKind) ?? "",
                e.GetString(ScheduleEmailRows.Outcome) ?? "", e.GetString(ScheduleEmailRows.OutboxKey) ?? ""));
        }

        return members;
    }
}
