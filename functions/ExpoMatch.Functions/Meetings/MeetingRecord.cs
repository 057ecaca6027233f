using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// A meeting row with everything the matcher needs (quota tokens, reasons, ETag). <see cref="Table"/> is 1-based.
/// </summary>
public sealed record MeetingRecord(
    string EventId,
    string MeetingId,
    string VisitorId,
    string ExhibitorId,
    int Slot,
    int Table,
    string Status,
    int Sequence,
    string RequestId,
    IReadOnlyList<string> Reasons,
    int VisitorQuota,
    int ExhibitorQuota,
    string? ETag = null,
    string Mode = MeetingModes.Onsite,
    Reschedule.RescheduleProposal? Reschedule = null)
{
    public bool IsLive => MeetingStatus.IsLive(Status);

    public int Generation => MeetingIds.Generation(MeetingId);

    public static MeetingRecord FromEntity(TableEntity e) => new(
        e.PartitionKey,
        e.GetString(MeetingRow.MeetingId) ?? e.RowKey[MeetingRow.RowKeyPrefix.Length..],
        e.GetString(MeetingRow.VisitorId) ?? "",
        e.GetString(MeetingRow.ExhibitorId) ?? "",
        e.GetInt32(MeetingRow.Slot) ?? -1,
        e.GetInt32(MeetingRow.Table) ?? 1,
        e.GetString(MeetingRow.Status) ?? MeetingStatus.Booked,
        e.GetInt32(MeetingRow.Sequence) ?? 0,
        e.GetString(MeetingRow.RequestId) ?? "",
        JsonSerializer.Deserialize<string[]>(e.GetString(MeetingRow.Reasons) ?? "[]", Json) ?? [],
        e.GetInt32(MeetingRow.VisitorQuota) ?? -1,
        e.GetInt32(MeetingRow.ExhibitorQuota) ?? -1,
        e.ETag.ToString(),
        e.GetString(MeetingRow.Mode) ?? MeetingModes.Onsite,
        Meetings.Reschedule.RescheduleProposal.Deserialize(e.GetString(MeetingRow.Reschedule)));

    public TableEntity ToEntity() => new(EventId, MeetingRow.RowKey(MeetingId))
    {
        [MeetingRow.MeetingId] = MeetingId,
        [MeetingRow.VisitorId] = VisitorId,
        [MeetingRow.ExhibitorId] = ExhibitorId,
        [MeetingRow.Slot] = Slot,
        [MeetingRow.Table] = Table,
        [MeetingRow.Status] = Status,
        [MeetingRow.Sequence] = Sequence,
        [MeetingRow.RequestId] = RequestId,
        [MeetingRow.Reasons] = JsonSerializer.Serialize(Reasons, Json),
        [MeetingRow.VisitorQuota] = VisitorQuota,
        [MeetingRow.ExhibitorQuota] = ExhibitorQuota,
        [MeetingRow.Mode] = Mode,
        [MeetingRow.Reschedule] = Meetings.Reschedule.RescheduleProposal.Serialize(Reschedule),
    };

    /// <summary>The five reservation row keys a live meeting holds, in transaction order (after the meeting row).</summary>
    public IReadOnlyList<string> ReservationRowKeys =>
    [
        MeetingRow.VisitorBusyRowKey(Slot, VisitorId),
        MeetingRow.TableBusyRowKey(Slot, ExhibitorId, Table), // the booth's seat, onsite or online (MeetingModes)
        MeetingRow.PairRowKey(VisitorId, ExhibitorId),
        MeetingRow.VisitorQuotaRowKey(VisitorId, VisitorQuota),
        MeetingRow.ExhibitorQuotaRowKey(ExhibitorId, ExhibitorQuota),
    ];

    /// <summary>True when <paramref name="other"/> is the same booking (same id, place and quota tokens).</summary>
    public bool SamePlacementAs(MeetingRecord other) =>
        MeetingId == other.MeetingId && Slot == other.Slot && Table == other.Table &&
        VisitorQuota == other.VisitorQuota && ExhibitorQuota == other.ExhibitorQuota;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
