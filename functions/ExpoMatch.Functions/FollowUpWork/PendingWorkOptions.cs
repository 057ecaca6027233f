namespace ExpoMatch.Functions.FollowUpWork;

/// <summary>Bound from <c>ExpoMatch:PendingWork</c>.</summary>
public sealed class PendingWorkOptions
{
    public const string SectionName = "ExpoMatch:PendingWork";

    /// <summary>
    /// The dispatcher leaves rows younger than this to the request that wrote them (it delivers right after its
    /// commit). Delivering earlier is harmless (consumers are idempotent), only wasteful.
    /// </summary>
    public TimeSpan DeliverAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the request that made a change spends delivering its work before leaving it to the dispatcher.</summary>
    public TimeSpan AfterCommitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The reconciliation only looks at requests unchanged for this long: younger ones may still have their work in
    /// flight (pending row, queue message, matcher retry).
    /// </summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Events whose last day ended longer ago than this are out of play: the reconciliation skips them (no meeting can
    /// change any more) and the dispatcher looks at them only in its full sweep (<see cref="FullSweepEvery"/>), so a
    /// run costs what the running events cost, not what the whole history does.
    /// </summary>
    public TimeSpan ActiveAfterEnd { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How often the dispatcher also sweeps events out of play (and on its first run in a process).</summary>
    public TimeSpan FullSweepEvery { get; set; } = TimeSpan.FromHours(1);
}
