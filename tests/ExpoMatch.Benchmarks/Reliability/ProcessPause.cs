using System.Diagnostics;
using System.Globalization;

namespace ExpoMatch.Benchmarks.Reliability;

/// <summary>
/// Fault injection for the storage emulator: SIGSTOP freezes the process (connections stay open, requests hang until
/// SIGCONT, then are answered, late writes included), which is what a storage outage looks like to the app.
/// Used by the fault tests and the soak benchmark; Linux and macOS (kill(1)).
/// </summary>
public static class ProcessPause
{
    public static void Pause(int processId) => Signal("-STOP", processId);

    public static void Resume(int processId) => Signal("-CONT", processId);

    private static void Signal(string signal, int processId)
    {
        if (processId <= 0)
        {
            throw new InvalidOperationException("No emulator process id to signal.");
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {processId} exited with {kill.ExitCode}.");
        }
    }
}
