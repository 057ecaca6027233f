namespace ExpoMatch.Functions.Matching;

/// <summary>
/// The <c>MatchingRuns</c> table (ADR-001): PartitionKey = event id; RowKey <c>run~{runId}</c> for an organiser run,
/// <c>lock</c> for the event's run lock. Property names live here and nowhere else.
/// </summary>
public static class MatchingRunRow
{
    public const string TableName = "MatchingRuns";
    public const string RunPrefix = "run~";
    public const string LockRowKey = "lock";

    // Run row.
    public const string RunId = "RunId";
    /// <summary>One of <see cref="MatchingRunStatus"/>.</summary>
    public const string Status = "Status";
    public const string DryRun = "DryRun";
    /// <summary>The run's fairness option as the API spells it ("none" when absent).</summary>
    public const string Fairness = "Fairness";
    public const string CreatedAt = "CreatedAt";
    public const string StartedAt = "StartedAt";
    public const string FinishedAt = "FinishedAt";
    /// <summary>JSON of <see cref="RunMetrics"/>, written once when the run has computed its plan.</summary>
    public const string Metrics = "Metrics";
    /// <summary>Int32: meetings the run planned to publish (new ones, not the fixed).</summary>
    public const string Planned = "Planned";
    /// <summary>Int32: meetings this run booked so far (across resumed attempts).</summary>
    public const string Published = "Published";
    /// <summary>Int32: planned meetings the booker refused because something changed since the plan (a reservation exists).</summary>
    public const string Conflicts = "Conflicts";
    /// <summary>Int32: how many deliveries of the run's message started work (1 normally; more after a crash).</summary>
    public const string Attempts = "Attempts";
    public const string Error = "Error";

    // Lock row.
    /// <summary>On the lock row: the run holding it.</summary>
    public const string Holder = "Holder";
    /// <summary>On the lock row: until when the holder owns it; after that any run may take it over.</summary>
    public const string LeaseUntil = "LeaseUntil";

    public static string RowKey(string runId) => RunPrefix + runId;
}

/// <summary>Values of <see cref="MatchingRunRow.Status"/>.</summary>
public static class MatchingRunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>An organiser run as stored.</summary>
public sealed record MatchingRun(
    string EventId,
    string Id,
    string Status,
    bool DryRun,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    RunMetrics? Metrics,
    int Planned,
    int Published,
    int Conflicts,
    int Attempts,
    string? Error,
    string? ETag = null,
    string Fairness = RunFairness.None)
{
    public bool IsFinished => Status is MatchingRunStatus.Succeeded or MatchingRunStatus.Failed;
}
