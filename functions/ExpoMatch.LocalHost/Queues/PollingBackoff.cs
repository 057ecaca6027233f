namespace ExpoMatch.LocalHost.Queues;

/// <summary>The host's randomized exponential back-off for an empty queue: from 100 ms up to maxPollingInterval.</summary>
public sealed class PollingBackoff(TimeSpan maximum)
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);
    private TimeSpan _current = TimeSpan.Zero;

    public TimeSpan Next()
    {
        var doubled = _current == TimeSpan.Zero ? Minimum : _current * 2;
        // Somewhere between 80% and 120% of the doubled delay, so several hosts do not poll in step.
        var randomized = doubled * (0.8 + (Random.Shared.NextDouble() * 0.4));
        _current = randomized > maximum ? maximum : randomized < Minimum ? Minimum : randomized;
        return _current;
    }

    public void Reset() => _current = TimeSpan.Zero;
}
