using ExpoMatch.Benchmarks.Reliability;
using ExpoMatch.LocalHost.Azurite;

namespace ExpoMatch.Tests.Infrastructure;

/// <summary>
/// The function app on an Azurite of its own (not the shared one), for tests that freeze storage or read every table,
/// queue and blob of the account: nothing another test class writes can get in their way, nor be frozen by them.
/// The host it gets is its own too (the connection string is part of the host's key).
/// </summary>
public class OwnAzuriteApp : FunctionAppFixture
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<LocalAzurite>>> Emulators = new();
    private LocalAzurite? _azurite;

    public LocalAzurite Azurite => _azurite ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>
    /// Fixtures naming the same emulator share it (fewer emulators starting at once on a busy machine); the default is
    /// one per fixture type. Only share between fixtures whose data cannot meet (different event dates, no freezing).
    /// </summary>
    protected virtual string EmulatorName => GetType().FullName!;

    protected override async Task<string> StorageConnectionStringAsync()
    {
        _azurite = await Emulators.GetOrAdd(EmulatorName, _ => new Lazy<Task<LocalAzurite>>(StartAsync)).Value;
        return _azurite.ConnectionString;
    }

    private static async Task<LocalAzurite> StartAsync()
    {
        var azurite = await LocalAzurite.StartAsync(new LocalAzuriteOptions { StartTimeout = TimeSpan.FromMinutes(3) });
        // Hosts may outlive fixtures (those serving HTTP only are stopped at process exit), so the emulator is stopped
        // then too, after them.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    }

    /// <summary>
    /// Freezes the emulator (SIGSTOP): connections are accepted by the kernel and then nothing answers, as with a
    /// storage account that hangs. Dispose resumes it (SIGCONT); always dispose, in a finally.
    /// </summary>
    public IDisposable Freeze()
    {
        var emulator = Azurite.EmulatorProcessId;
        ProcessPause.Pause(emulator);
        return new Thaw(emulator);
    }

    private sealed class Thaw(int emulator) : IDisposable
    {
        public void Dispose() => ProcessPause.Resume(emulator);
    }
}
