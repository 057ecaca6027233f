using Azure.Data.Tables;
using ExpoMatch.Functions.Registration;

namespace ExpoMatch.Functions.FollowUpWork;

/// <summary>
/// A queue message a state change owes, recorded in the SAME entity group transaction as the change (ADR-004): a
/// pending-work row in the changed row's table and partition, row key <c>work~{random id}</c>. The row is removed only
/// after its message is on the queue, so a change that commits always has its work, whatever happens to the request
/// that made it (client gone, process killed, queue down, a late write landing after the handler gave up).
/// <para>To adopt it: build the change's <see cref="TableTransactionAction"/>s as usual and submit them with
/// <see cref="PendingWorkDelivery.SubmitAsync"/>, passing the work. If the table is not yet in <see cref="Tables"/>,
/// add it there (the dispatcher scans those tables' event partitions).</para>
/// </summary>
/// <param name="QueueSetting">The app setting naming the target queue (the one its queue trigger binds to).</param>
/// <param name="Message">The message text, exactly as it would have been enqueued directly.</param>
public sealed record PendingWork(string QueueSetting, string Message)
{
    /// <summary>Row-key prefix of pending-work rows; no other row kind starts with <c>work</c>.</summary>
    public const string RowPrefix = "work~";

    // Property names: none is shared with another row kind (scans filtered on Status, Kind, ... never match them).
    public const string QueueProperty = "WorkQueue";
    public const string MessageProperty = "WorkMessage";
    public const string RecordedAtProperty = "WorkRecordedAt";

    /// <summary>
    /// Tables whose event partitions (PartitionKey = event id) may hold pending-work rows. Every range query in them
    /// uses its own row-key prefix (<c>request~</c>, <c>visitor~</c>, <c>run~</c>, <c>send~</c>, <c>meeting~</c>, ...), and the
    /// partition-wide scans filter on <c>Status</c>, which work rows do not have.
    /// </summary>
    public static IReadOnlyList<string> Tables { get; } =
    [
        RegistrationTables.Requests,
        RegistrationTables.Participants,
        Matching.MatchingRunRow.TableName,
        Meetings.MeetingRow.TableName,
        Notifications.ScheduleEmails.ScheduleEmailRows.StateTable,
    ];

    public TableEntity ToEntity(string partitionKey, DateTimeOffset now) => new(partitionKey, RowPrefix + Ids.New())
    {
        [QueueProperty] = QueueSetting,
        [MessageProperty] = Message,
        [RecordedAtProperty] = now,
    };

    public static PendingWork FromEntity(TableEntity row) =>
        new(row.GetString(QueueProperty) ?? "", row.GetString(MessageProperty) ?? "");
}
