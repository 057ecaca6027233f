namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// The queue listener's polling delay, as the Functions host computes it (RandomizedExponentialBackoffStrategy in
/// Microsoft.Azure.WebJobs.Extensions.Storage): after a poll that found messages the delay is the minimum; every
/// empty poll adds minimum * 2^(n-1) * a random factor in [0.8, 1.2), capped at the maximum. The randomness keeps
/// several instances from polling in lock-step.
/// </summary>
internal sealed class PollingBackoff
{
    private const double RandomizationFactor = 0.2;
    private readonly TimeSpan _minimum;
    private readonly TimeSpan _maximum;
    private readonly Func<double> _random;
    private TimeSpan _current;
    private int _exponent = 1;

    /// <param name="random">A source of [0, 1) values; tests pass a fixed one.</param>
    public PollingBackoff(TimeSpan minimum, TimeSpan maximum, Func<double>? random = null)
    {
        _minimum = minimum;
        _maximum = maximum;
        _random = random ?? Random.Shared.NextDouble;
        _current = minimum;
    }

    /// <summary>The next delay; <paramref name="foundMessages"/>: whether a message was found since the last delay.</summary>
    public TimeSpan Next(bool foundMessages)
    {
        if (foundMessages)
        {
            _current = _minimum;
            _exponent = 1;
            return _current;
        }

        if (_current == _maximum)
        {
            return _current;
        }

        var factor = 1.0 - RandomizationFactor + (_random() * 2 * RandomizationFactor);
        var increment = TimeSpan.FromMilliseconds(factor * Math.Pow(2, _exponent - 1) * _minimum.TotalMilliseconds);
        var next = _minimum + increment;
        if (next < _maximum)
        {
            _current = next;
            _exponent++;
        }
        else
        {
            _current = _maximum;
        }

        return _current;
    }
}
