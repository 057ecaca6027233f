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
    /// <summary>Int32: the table at the booth, 1-based, at most the exhibitor's table count.</summary>
    public const string Table = "Table";
    /// <summary>String: one of <see cref="MeetingStatus"/>.</summary>
    public const string Status = "Status";
    /// <summary>Int32: bumped on every change; the iCalendar SEQUENCE of the meeting's invite.</summary>
    public const string Sequence = "Sequence";
    /// <summary>String: the meeting request id it fulfils, or empty when the matcher proposed it from tags.</summary>
    public const string RequestId = "RequestId";
    /// <summary>String: JSON array of short reasons (for example shared tags) the matcher chose this pair.</summary>
    public const string Reasons = "Reasons";

    public static string RowKey(string meetingId) => RowKeyPrefix + meetingId;

    public static string VisitorBusyRowKey(int slot, string visitorId) =>
        string.Create(CultureInfo.InvariantCulture, $"busy~{slot}~v~{visitorId}");

    public static string TableBusyRowKey(int slot, string exhibitorId, int table) =>
        string.Create(CultureInfo.InvariantCulture, $"busy~{slot}~x~{exhibitorId}~{table}");

    public static string PairRowKey(string visitorId, string exhibitorId) => $"pair~{visitorId}~{exhibitorId}";
}

/// <summary>Values of <see cref="MeetingRow.Status"/>.</summary>
public static class MeetingStatus
{
    public const string Booked = "booked";
    public const string Cancelled = "cancelled";
}
