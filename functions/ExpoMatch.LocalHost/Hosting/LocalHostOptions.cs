namespace ExpoMatch.LocalHost.Hosting;

/// <summary>
/// What the host's command line says (`--app`, `--port`) plus the `LocalHost:*` knobs tests turn down so they run in
/// seconds; the defaults are the real host's.
/// </summary>
public sealed record LocalHostOptions
{
    /// <summary>The built or published worker output (the folder holding worker.config.json).</summary>
    public required string AppDirectory { get; init; }

    /// <summary>0 lets the OS choose (tests); 7071 is `func start`'s default.</summary>
    public int Port { get; init; } = 7071;

    /// <summary>How long a received queue message stays invisible; renewed at half of it while the function runs (real host: 10 min).</summary>
    public TimeSpan QueueVisibilityWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The timer listener's blob lease (Azure allows 15-60 s; the real host takes 60 s).</summary>
    public TimeSpan TimerLeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a host without the timer lease tries to take it.</summary>
    public TimeSpan TimerLeaseRetry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause before a worker that died is started again.</summary>
    public TimeSpan WorkerRestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the worker may take from launch to a loaded function index.</summary>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Stop when standard input closes (tests run the host as a child process and close its stdin to stop it).</summary>
    public bool StopOnStandardInputClose { get; init; }
}
