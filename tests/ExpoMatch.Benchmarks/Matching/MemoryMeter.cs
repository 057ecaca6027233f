using System.Diagnostics;
using System.Globalization;

namespace ExpoMatch.Benchmarks.Matching;

/// <summary>
/// Peak resident memory per stage. On Linux, writing 5 to /proc/self/clear_refs resets the high-water mark
/// (VmHWM) so each stage's own peak can be read; elsewhere the process-wide peak is reported.
/// </summary>
internal static class MemoryMeter
{
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux or not permitted: PeakMegabytes falls back to the whole-process peak.
        }
        catch (UnauthorizedAccessException)
        {
            // Same fallback.
        }
    }

    public static double PeakMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // fall through
        }

        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
