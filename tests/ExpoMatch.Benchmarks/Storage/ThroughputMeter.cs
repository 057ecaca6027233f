using System.Diagnostics;
using System.Globalization;

namespace ExpoMatch.Benchmarks.Storage;

/// <summary>One timed run of one client: throughput plus what each operation cost this process and Azurite.</summary>
internal sealed record ThroughputSample(long Operations, double OpsPerSecond, double CpuMicrosPerOp, double BytesPerOp, double AzuriteCores);

/// <summary>
/// Runs N concurrent callers until the time budget or the operation count is used up (whichever comes first) and
/// measures ops/s, this process's CPU per operation (Process.TotalProcessorTime: client cost without Azurite's),
/// bytes allocated per operation on all threads (GC.GetTotalAllocatedBytes(true)), and how many cores Azurite used.
/// </summary>
internal static class ThroughputMeter
{
    public static async Task<ThroughputSample> RunAsync(int callers, TimeSpan budget, int maxOperations, int azuritePid, Func<int, long, Task> operation)
    {
        long issued = 0;
        long completed = 0;
        using var self = Process.GetCurrentProcess();
        var azurite0 = ProcessTreeCpu(azuritePid);
        var cpu0 = self.TotalProcessorTime;
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        var workers = new Task[callers];
        for (var caller = 0; caller < callers; caller++)
        {
            var id = caller;
            workers[caller] = Task.Run(async () =>
            {
                while (clock.Elapsed < budget)
                {
                    var sequence = Interlocked.Increment(ref issued);
                    if (sequence > maxOperations)
                    {
                        return;
                    }

                    await operation(id, sequence);
                    Interlocked.Increment(ref completed);
                }
            });
        }

        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        var azurite = ProcessTreeCpu(azuritePid) - azurite0;

        var ops = Math.Max(1, completed);
        return new ThroughputSample(
            completed,
            completed / elapsed.TotalSeconds,
            cpu.TotalMicroseconds / ops,
            (double)allocated / ops,
            azurite.TotalSeconds / elapsed.TotalSeconds);
    }

    /// <summary>
    /// User+system CPU of a process and all its descendants (Azurite runs as node under a shell watchdog), from
    /// /proc; zero where /proc is unavailable. Assumes the usual 100 clock ticks per second.
    /// </summary>
    private static TimeSpan ProcessTreeCpu(int rootPid)
    {
        if (rootPid <= 0 || !Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        var parents = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // Fields after the ")" that closes the command name: state ppid ... utime(12th) stime(13th).
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process exited while we looked, or is not ours to read.
            }
        }

        long ticks = 0;
        var tree = new HashSet<int> { rootPid };
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (pid, (parent, _)) in parents)
            {
                if (tree.Contains(parent) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        foreach (var pid in tree)
        {
            if (parents.TryGetValue(pid, out var entry))
            {
                ticks += entry.Ticks;
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
