using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.Matching;

/// <summary>Settings of organiser runs (<c>ExpoMatch:MatchingRuns</c>).</summary>
public sealed class MatchingRunOptions
{
    public const string Section = "ExpoMatch:MatchingRuns";

    /// <summary>
    /// How long a run owns the event's lock without renewing it. A run renews it while publishing; a crashed run's
    /// lock is free for another run once this passes (its own redelivered message takes it over at once).
    /// </summary>
    public TimeSpan LockLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a run that found the lock taken waits in the queue before trying again.</summary>
    public TimeSpan BusyRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Renew the lease and save progress after this many bookings.</summary>
    public int ProgressEvery { get; set; } = 50;
}

/// <summary>Stops the app at start on settings that would make the lock useless.</summary>
public sealed class MatchingRunOptionsValidator : IValidateOptions<MatchingRunOptions>
{
    public ValidateOptionsResult Validate(string? name, MatchingRunOptions options) =>
        options.LockLease < TimeSpan.FromSeconds(10) || options.LockLease > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail("ExpoMatch:MatchingRuns:LockLease must be between 00:00:10 and 01:00:00.")
        : options.BusyRetryDelay < TimeSpan.Zero || options.BusyRetryDelay > TimeSpan.FromDays(7)
            ? ValidateOptionsResult.Fail("ExpoMatch:MatchingRuns:BusyRetryDelay must be between 00:00:00 and 7.00:00:00.")
        : options.ProgressEvery is < 1 or > 10_000
            ? ValidateOptionsResult.Fail("ExpoMatch:MatchingRuns:ProgressEvery must be between 1 and 10000.")
            : ValidateOptionsResult.Success;
}
