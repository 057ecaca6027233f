using Microsoft.Extensions.Options;

namespace ExpoMatch.Functions.FollowUpWork;

/// <summary>
/// When the dispatcher should also sweep events out of play: on its first run in this process, then once every
/// <see cref="PendingWorkOptions.FullSweepEvery"/>. Per process on purpose: each instance sweeping hourly is cheap, and
/// a restart (the usual reason to distrust what was delivered) sweeps at once.
/// </summary>
public sealed class FullSweepSchedule(IOptions<PendingWorkOptions> options)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _last;

    /// <summary>Whether a full sweep is due at <paramref name="now"/>; if so, it counts as done from now on.</summary>
    public bool TakeDue(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_last is { } last && now - last < options.Value.FullSweepEvery)
            {
                return false;
            }

            _last = now;
            return true;
        }
    }
}
