using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ExpoMatch.Benchmarks.Matching;

/// <summary>One run of LEMON's network simplex on a bmf problem's selection flow (lemon_selection.cpp).</summary>
internal sealed record LemonRun(long Value, int Selected, double BuildSeconds, double RunSeconds);

/// <summary>
/// Optional comparison with LEMON (Debian's liblemon-dev): when its headers and g++ are on the machine, the benchmark
/// compiles lemon_selection.cpp (next to the program) into the temp folder and runs it on the same problem. Tests and
/// CI never need it; without the library `solve` prints our figures only.
/// </summary>
internal static class LemonReference
{
    private const string Header = "/usr/include/lemon/network_simplex.h";

    /// <summary>Path of the compiled program, or null (with the reason on stderr) when LEMON or g++ is missing.</summary>
    public static string? Build()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Matching", "lemon_selection.cpp");
        if (!File.Exists(Header) || !File.Exists(source))
        {
            Console.Error.WriteLine("LEMON comparison skipped: liblemon-dev is not installed (apt-get install -y liblemon-dev).");
            return null;
        }

        var binary = Path.Combine(Path.GetTempPath(), "expomatch-lemon-selection");
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) >= File.GetLastWriteTimeUtc(source))
        {
            return binary;
        }

        var (code, _, error) = Execute("g++", ["-O2", "-std=c++17", "-o", binary, source]);
        if (code != 0)
        {
            Console.Error.WriteLine($"LEMON comparison skipped: g++ failed: {error.Trim()}");
            return null;
        }

        return binary;
    }

    public static LemonRun Run(string binary, string problemPath)
    {
        var (code, output, error) = Execute(binary, [problemPath]);
        if (code != 0)
        {
            throw new InvalidOperationException($"lemon_selection failed ({code}): {error.Trim()}");
        }

        using var json = JsonDocument.Parse(output);
        var r = json.RootElement;
        return new LemonRun(
            r.GetProperty("value").GetInt64(),
            r.GetProperty("selected").GetInt32(),
            r.GetProperty("buildSeconds").GetDouble(),
            r.GetProperty("runSeconds").GetDouble());
    }

    private static (int Code, string Output, string Error) Execute(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var errorTask = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errorTask.Result);
    }

    public static string Seconds(double s) => s.ToString("F3", CultureInfo.InvariantCulture);
}
