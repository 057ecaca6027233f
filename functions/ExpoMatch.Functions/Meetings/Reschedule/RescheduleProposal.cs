using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpoMatch.Functions.Meetings.Reschedule;

/// <summary>Values of <see cref="RescheduleProposal.Status"/>.</summary>
public static class RescheduleStatus
{
    /// <summary>Waiting for the counterpart; the only state in which the meeting can have a proposal made on it.</summary>
    public const string Open = "open";
    /// <summary>The meeting moved to the proposed slot.</summary>
    public const string Accepted = "accepted";
    /// <summary>The counterpart said no, or the proposal became impossible (see the reason).</summary>
    public const string Declined = "declined";
    /// <summary>The proposer took it back.</summary>
    public const string Withdrawn = "withdrawn";
}

/// <summary>
/// The latest reschedule proposal of a meeting, kept ON the meeting row (property <c>Reschedule</c>, JSON): a meeting
/// has at most one open proposal because making one is an ETag-guarded update of the very row acceptance moves.
/// </summary>
/// <param name="Number">1 for the meeting's first proposal, then counting up.</param>
/// <param name="ProposedBy"><c>visitor</c> or <c>exhibitor</c>: the party who proposed; the other one decides.</param>
/// <param name="FromSlot">The meeting's slot when proposed: acceptance moves it only if it is still there.</param>
public sealed record RescheduleProposal(
    [property: JsonPropertyName("n")] int Number,
    [property: JsonPropertyName("by")] string ProposedBy,
    [property: JsonPropertyName("from")] int FromSlot,
    [property: JsonPropertyName("slot")] int Slot,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("at")] DateTimeOffset ProposedAt,
    [property: JsonPropertyName("decided")] DateTimeOffset? DecidedAt)
{
    public bool IsOpen => Status == RescheduleStatus.Open;

    public RescheduleProposal Decide(string status, string? reason, DateTimeOffset now) =>
        this with { Status = status, Reason = reason, DecidedAt = now };

    public static string? Serialize(RescheduleProposal? proposal) =>
        proposal is null ? null : JsonSerializer.Serialize(proposal, RescheduleJsonContext.Default.RescheduleProposal);

    public static RescheduleProposal? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, RescheduleJsonContext.Default.RescheduleProposal);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(RescheduleProposal))]
public sealed partial class RescheduleJsonContext : JsonSerializerContext;
