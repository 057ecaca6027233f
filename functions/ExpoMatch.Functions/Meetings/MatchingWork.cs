using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpoMatch.Functions.Meetings;

/// <summary>
/// A message on the <c>matching-work</c> queue: something changed that the matcher must act on. Messages are hints
/// delivered at least once and possibly out of order, so the matcher re-reads the current rows (the request's
/// <c>Status</c>, the participant's <c>Status</c>) instead of trusting the message.
/// </summary>
/// <remarks>Serialised with <see cref="MatchingWorkJsonContext"/>: camelCase, a <c>kind</c> discriminator first.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(MeetingRequestAccepted), MatchingWorkKinds.RequestAccepted)]
[JsonDerivedType(typeof(MeetingRequestDeclined), MatchingWorkKinds.RequestDeclined)]
[JsonDerivedType(typeof(MeetingRequestCancelled), MatchingWorkKinds.RequestCancelled)]
[JsonDerivedType(typeof(ParticipantWithdrawn), MatchingWorkKinds.ParticipantWithdrawn)]
[JsonDerivedType(typeof(AutoMatchRequested), MatchingWorkKinds.AutoMatch)]
[JsonDerivedType(typeof(OrganiserRunRequested), MatchingWorkKinds.OrganiserRun)]
public abstract record MatchingWork(string EventId, DateTimeOffset OccurredAt)
{
    public const string QueueName = "matching-work";
}

/// <summary>The exhibitor accepted a visitor's request: book a meeting for the pair (if none exists yet).</summary>
public sealed record MeetingRequestAccepted(
    string EventId, DateTimeOffset OccurredAt, string RequestId, string VisitorId, string ExhibitorId)
    : MatchingWork(EventId, OccurredAt);

/// <summary>The exhibitor declined: free the pair's meeting if one was booked.</summary>
public sealed record MeetingRequestDeclined(
    string EventId, DateTimeOffset OccurredAt, string RequestId, string VisitorId, string ExhibitorId)
    : MatchingWork(EventId, OccurredAt);

/// <summary>The visitor cancelled their request: free the pair's meeting if one was booked.</summary>
public sealed record MeetingRequestCancelled(
    string EventId, DateTimeOffset OccurredAt, string RequestId, string VisitorId, string ExhibitorId)
    : MatchingWork(EventId, OccurredAt);

/// <summary>A participant withdrew (and was erased): free every meeting they are in.</summary>
/// <param name="ParticipantKind"><c>visitor</c> or <c>exhibitor</c>.</param>
public sealed record ParticipantWithdrawn(
    string EventId, DateTimeOffset OccurredAt, string ParticipantId, string ParticipantKind)
    : MatchingWork(EventId, OccurredAt);

/// <summary>
/// Propose meetings from shared tags into the event's free capacity (events with autoMatch only). Sent by the matcher
/// itself after capacity was freed, by the decline of a proposal, or by an organiser.
/// </summary>
public sealed record AutoMatchRequested(string EventId, DateTimeOffset OccurredAt) : MatchingWork(EventId, OccurredAt);

/// <summary>
/// The organiser asked for a whole-event matching run (row <c>run~{RunId}</c> in <c>MatchingRuns</c>). Sent on the
/// <c>matching-runs</c> queue, not <c>matching-work</c>: see <see cref="Matching.RunEventMatching"/>.
/// </summary>
public sealed record OrganiserRunRequested(string EventId, DateTimeOffset OccurredAt, string RunId)
    : MatchingWork(EventId, OccurredAt);

/// <summary>The discriminator values of <see cref="MatchingWork"/>.</summary>
public static class MatchingWorkKinds
{
    public const string RequestAccepted = "request-accepted";
    public const string RequestDeclined = "request-declined";
    public const string RequestCancelled = "request-cancelled";
    public const string ParticipantWithdrawn = "participant-withdrawn";
    public const string AutoMatch = "auto-match";
    public const string OrganiserRun = "organiser-run";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MatchingWork))]
public sealed partial class MatchingWorkJsonContext : JsonSerializerContext;
