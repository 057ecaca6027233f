using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ExpoMatch.Functions.Meetings;

namespace ExpoMatch.Functions.Notifications.ScheduleEmails;

/// <summary>
/// A meeting as a participant was last told it was booked: what the next email compares with to mark
/// New/Changed/Cancelled. Short JSON names keep a participant's whole list small enough for one table property.
/// </summary>
/// <param name="Other">The counterpart's participant id (for a meeting whose row is gone by the next email).</param>
public sealed record ShownMeeting(
    [property: JsonPropertyName("m")] string MeetingId,
    [property: JsonPropertyName("s")] int Slot,
    [property: JsonPropertyName("t")] int Table,
    [property: JsonPropertyName("q")] int Sequence,
    [property: JsonPropertyName("o")] string Other);

/// <summary>One meeting of the next email and how it differs from the last one.</summary>
public sealed record PlannedMeeting(ShownMeeting Meeting, MeetingChange Change);

public static class ScheduleVersion
{
    /// <summary>
    /// The schedule version: a stable hash of every meeting row of the participant (id, slot, table, status, sequence)
    /// and of the address it goes to. Any change the matcher makes, or a new email address, gives a new version;
    /// nothing else does. 31 bits, so it also serves as <see cref="ScheduleEmailModel.ScheduleVersion"/>.
    /// </summary>
    public static int Compute(IEnumerable<BookedMeeting> meetings, string emailHash)
    {
        var text = new StringBuilder(emailHash);
        foreach (var m in meetings.OrderBy(m => m.MeetingId, StringComparer.Ordinal))
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"{m.MeetingId}|{m.Slot}|{m.Table}|{m.Status}|{m.Sequence}");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return BinaryPrimitives.ReadInt32BigEndian(hash) & int.MaxValue;
    }

    /// <summary>
    /// What the next schedule email shows: every booked meeting (New when the participant has not seen it, Changed
    /// when its slot, table or sequence moved) and every meeting last shown as booked that is now cancelled or gone.
    /// </summary>
    public static List<PlannedMeeting> Plan(string participantId, IEnumerable<BookedMeeting> meetings, IReadOnlyList<ShownMeeting> lastShown)
    {
        var previous = lastShown.ToDictionary(s => s.MeetingId, StringComparer.Ordinal);
        var rows = meetings.ToDictionary(m => m.MeetingId, StringComparer.Ordinal);
        var plan = new List<PlannedMeeting>();
        foreach (var row in rows.Values.Where(r => r.Status == MeetingStatus.Booked))
        {
            var shown = new ShownMeeting(row.MeetingId, row.Slot, row.Table, row.Sequence, Other(participantId, row));
            var change = !previous.TryGetValue(row.MeetingId, out var before) ? MeetingChange.New
                : before == shown ? MeetingChange.Unchanged
                : MeetingChange.Changed;
            plan.Add(new PlannedMeeting(shown, change));
        }

        foreach (var before in lastShown)
        {
            if (rows.TryGetValue(before.MeetingId, out var row))
            {
                if (row.Status != MeetingStatus.Booked)
                {
                    plan.Add(new PlannedMeeting(before with { Sequence = row.Sequence }, MeetingChange.Cancelled));
                }
            }
            else
            {
                // The row was deleted rather than marked cancelled, so there is no sequence left to take from it;
                // a CANCEL must carry a higher SEQUENCE than the invite calendars hold, hence the one bump we make.
                plan.Add(new PlannedMeeting(before with { Sequence = before.Sequence + 1 }, MeetingChange.Cancelled));
            }
        }

        return [.. plan.OrderBy(p => p.Meeting.Slot).ThenBy(p => p.Meeting.MeetingId, StringComparer.Ordinal)];
    }

    /// <summary>The meetings the participant believes booked once this plan is sent.</summary>
    public static List<ShownMeeting> Booked(IEnumerable<PlannedMeeting> plan) =>
        [.. plan.Where(p => p.Change != MeetingChange.Cancelled).Select(p => p.Meeting)];

    public static string Serialize(IReadOnlyList<ShownMeeting> shown) =>
        JsonSerializer.Serialize([.. shown], ScheduleEmailJsonContext.Default.ListShownMeeting);

    public static List<ShownMeeting> Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, ScheduleEmailJsonContext.Default.ListShownMeeting) ?? [];
        }
        catch (JsonException)
        {
            // A damaged record means "unknown": every meeting is marked New, which is the safe side.
            return [];
        }
    }

    private static string Other(string participantId, BookedMeeting m) =>
        m.VisitorId == participantId ? m.ExhibitorId : m.VisitorId;
}
