using ExpoMatch.Matching;

namespace ExpoMatch.Matching.Model;

/// <summary>Why a meeting was made.</summary>
/// <param name="Requested">The visitor's accepted request led to it.</param>
/// <param name="Priority">The request's priority when <paramref name="Requested"/>.</param>
/// <param name="Mutual">Both sides asked for it.</param>
/// <param name="SharedTags">Normalised tags both sides share, rarest first.</param>
public sealed record MeetingReason(bool Requested, RequestPriority? Priority, bool Mutual, IReadOnlyList<string> SharedTags);

/// <summary>A meeting in (slot, table) with its weight and the reason it was made.</summary>
public sealed record PlacedMeeting(int Visitor, int Exhibitor, int Slot, int Table, int Weight, bool Fixed, MeetingReason Reason);

/// <summary>A selected meeting that could not be placed into any (slot, table).</summary>
public sealed record UnplacedMeeting(int Visitor, int Exhibitor, int Weight);

/// <summary>Result of a full run: the schedule, what could not be placed, and quality metrics.</summary>
public sealed record MatchingResult(
    IReadOnlyList<PlacedMeeting> Meetings,
    IReadOnlyList<UnplacedMeeting> Unplaced,
    MatchingMetrics Metrics);
