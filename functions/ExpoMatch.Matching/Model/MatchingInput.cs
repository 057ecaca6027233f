namespace ExpoMatch.Matching.Model;

/// <summary>An inclusive range of slot indices [From, To].</summary>
public readonly record struct SlotRange(int From, int To);

/// <summary>
/// A visitor as the engine sees it. Participants are identified by their position (0-based index) in
/// <see cref="MatchingInput.Visitors"/>; the caller maps storage ids to indices.
/// </summary>
/// <param name="Tags">Interest tags as entered (any script); the engine normalises them.</param>
/// <param name="MaxMeetings">Most meetings this visitor wants (b_v).</param>
/// <param name="Availability">Slot ranges the visitor is available in; null or empty means every slot.</param>
public sealed record VisitorInput(IReadOnlyList<string> Tags, int MaxMeetings, IReadOnlyList<SlotRange>? Availability = null);

/// <summary>An exhibitor (booth) with <paramref name="Tables"/> meeting tables.</summary>
/// <param name="MaxMeetings">Most meetings the booth takes (b_e); the engine also caps it at tables x available slots.</param>
public sealed record ExhibitorInput(
    IReadOnlyList<string> Tags, int MaxMeetings, int Tables, IReadOnlyList<SlotRange>? Availability = null);

/// <summary>How much the visitor wants a requested meeting. Higher value = more important.</summary>
public enum RequestPriority
{
    Low = 1,
    Normal = 2,
    High = 3,
}

/// <summary>An accepted meeting request from a visitor to an exhibitor.</summary>
/// <param name="Mutual">True when the exhibitor also asked for (or marked interest in) this visitor.</param>
public sealed record AcceptedRequest(int Visitor, int Exhibitor, RequestPriority Priority, bool Mutual);

/// <summary>A meeting already confirmed in (slot, table); the engine never moves it.</summary>
public readonly record struct FixedMeeting(int Visitor, int Exhibitor, int Slot, int Table);

/// <summary>Everything the engine needs for one event. Slots are 0..SlotCount-1: the event grid with breaks removed.</summary>
public sealed record MatchingInput(
    int SlotCount,
    IReadOnlyList<VisitorInput> Visitors,
    IReadOnlyList<ExhibitorInput> Exhibitors,
    IReadOnlyList<AcceptedRequest> Requests,
    IReadOnlyList<FixedMeeting> FixedMeetings);

/// <summary>What a run guarantees each visitor besides the best total value.</summary>
public enum FairnessMode
{
    /// <summary>Maximum total value only.</summary>
    None,

    /// <summary>
    /// First as many visitors as possible get at least one meeting (so none with a feasible booth that still has
    /// room is left without), then maximum total value among those selections.
    /// </summary>
    AtLeastOne,
}

/// <summary>Knobs of a full matching run.</summary>
/// <param name="CandidatesPerVisitor">K: arcs kept per visitor. Accepted requests are always kept; tag matches fill up to K.</param>
/// <param name="MaxSelectionRounds">Select-then-place rounds: meetings that cannot be placed are excluded and selection re-runs.</param>
/// <param name="ParallelScoring">Score visitors on several threads (results do not depend on it).</param>
/// <param name="Fairness">Whether every visitor who can have a meeting gets one before value counts.</param>
public sealed record MatchingOptions(
    int CandidatesPerVisitor = 20, int MaxSelectionRounds = 4, bool ParallelScoring = true, FairnessMode Fairness = FairnessMode.None);
