using System.Globalization;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// The one definition of the <c>Meetings</c> table (ADR-001): row keys and property names. The matcher writes these
/// rows and the schedule endpoints read them, so both sides must use these constants and nothing else.
/// </summary>
/// <remarks>
/// PartitionKey is the event id. A booked meeting is four rows inserted create-only in one entity group transaction:
/// the meeting row and its three reservations (visitor busy, booth table busy, pair).
/// </remarks>
public static class MeetingRow
{
    public const string TableName = "Meetings";
    public const string RowKeyPrefix = "meeting~";

    /// <summary>Upper bound (exclusive) for a range query over every meeting row of a partition.</summary>
    public const string RowKeyPrefixEnd = "meeting\u007f";

    // Property names of the meeting row.
    /// <summary>String: the meeting id (also in the row key), lowercase, URL-safe.</summary>
    public const string MeetingId = "MeetingId";
    /// <summary>String: the visitor's participant id.</summary>
    public const string VisitorId = "VisitorId";
    /// <summary>String: the exhibitor's participant id.</summary>
    public const string ExhibitorId = "ExhibitorId";
    /// <summary>Int32: the slot index in the event's <see cref="Registration.SlotGrid"/> (0-based).</summary>
    public const string Slot = "Slot";
    /// <summary>Int32: the table at the booth (the booth's seat for online meetings), 1-based, at most the exhibitor's table count.</summary>
    public const string Table = "Table";
    /// <summary>String: one of <see cref="MeetingStatus"/>.</summary>
    public const string Status = "Status";
    /// <summary>Int32: bumped on every change; the iCalendar SEQUENCE of the meeting's invite.</summary>
    public const string Sequence = "Sequence";
    /// <summary>String: the meeting request id it fulfils, or empty when the matcher proposed it from tags.</summary>
    public const string RequestId = "RequestId";
    /// <summary>String: JSON array of short reasons (for example shared tags) the matcher chose this pair.</summary>
    public const string Reasons = "Reasons";
    /// <summary>Int32: which of the visitor's quota rows (0..maxMeetingsPerVisitor-1) the meeting holds.</summary>
    public const string VisitorQuota = "VisitorQuota";
    /// <summary>Int32: which of the exhibitor's quota rows (0..maxMeetingsPerExhibitor-1) the meeting holds.</summary>
    public const string ExhibitorQuota = "ExhibitorQuota";
    /// <summary>String: <c>onsite</c> (absent on older rows) or <c>online</c>; an online meeting's Table is its seat, not shown.</summary>
    public const string Mode = "Mode";
    /// <summary>String, JSON: the meeting's latest reschedule proposal (<see cref="Meetings.Reschedule.RescheduleProposal"/>), or absent.</summary>
    public const string Reschedule = "Reschedule";
    /// <summary>String, on every reservation row: the meeting holding it (for audits and repairs).</summary>
    public const string HeldBy = "MeetingId";

    public static string RowKey(string meetingId) => RowKeyPrefix + meetingId;

    public static string VisitorBusyRowKey(int slot, string visitorId) =>
        string.Create(CultureInfo.InvariantCulture, $"busy~{slot}~v~{visitorId}");

    public static string TableBusyRowKey(int slot, string exhibitorId, int table) =>
        string.Create(CultureInfo.InvariantCulture, $"busy~{slot}~x~{exhibitorId}~{table}");

    public static string PairRowKey(string visitorId, string exhibitorId) => $"pair~{visitorId}~{exhibitorId}";

    /// <summary>
    /// Reservation: the visitor's quota token <paramref name="index"/> (0-based, below the event's cap) is used.
    /// At most cap such rows can exist, so racing matchers can never book a participant over its cap.
    /// </summary>
    public static string VisitorQuotaRowKey(string visitorId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"quota~v~{visitorId}~{index}");

    public static string ExhibitorQuotaRowKey(string exhibitorId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"quota~x~{exhibitorId}~{index}");

    /// <summary>Prefix of every meeting row of one pair (all generations): a cheap range query.</summary>
    public static string PairMeetingsPrefix(string visitorId, string exhibitorId) =>
        RowKeyPrefix + MeetingIds.PairPrefix(visitorId, exhibitorId);
}

/// <summary>
/// Meeting ids are deterministic: <c>{visitorId}-{exhibitorId}-{generation}</c>. The generation counts earlier
/// (freed) meetings of the pair, so a duplicate or retried booking of the same pair writes the same meeting row and
/// collides with itself instead of creating a second meeting; a pair booked again after a cancel gets a new id (and a
/// new calendar UID). Participant ids are [a-z0-9], so '-' separates the parts unambiguously.
/// </summary>
public static class MeetingIds
{
    public static string Format(string visitorId, string exhibitorId, int generation) =>
        string.Create(CultureInfo.InvariantCulture, $"{visitorId}-{exhibitorId}-{generation}");

    public static string PairPrefix(string visitorId, string exhibitorId) => $"{visitorId}-{exhibitorId}-";

    public static int Generation(string meetingId)
    {
        var dash = meetingId.LastIndexOf('-');
        return dash >= 0 && int.TryParse(meetingId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0;
    }
}

/// <summary>Values of <see cref="MeetingRow.Status"/>.</summary>
public static class MeetingStatus
{
    public const string Booked = "booked";
    public const string Cancelled = "cancelled";
    /// <summary>Proposed by the matcher from shared tags (auto-match); either side may decline it.</summary>
    public const string Proposed = "proposed";
    /// <summary>A proposal one side declined: the slot is free again and the pair is never proposed again.</summary>
    public const string Declined = "declined";

    /// <summary>Whether a meeting with this status holds its slot, table, pair and quota reservations.</summary>
    public static bool IsLive(string status) => status is Booked or Proposed;
}
