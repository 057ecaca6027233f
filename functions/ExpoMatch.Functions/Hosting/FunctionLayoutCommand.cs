namespace ExpoMatch.Functions.Hosting;

/// <summary>
/// `ExpoMatch.Functions --write-functions-layout DIR [--executable NAME]`: writes the Functions layout and exits
/// without building the web host (so it needs no settings). The publish target calls it on the publish folder.
/// </summary>
public static class FunctionLayoutCommand
{
    public const string Option = "--write-functions-layout";
    public const string ExecutableOption = "--executable";

    /// <summary>Runs the command when the arguments ask for it; false means "start the app as usual".</summary>
    public static bool TryRun(string[] args)
    {
        var at = Array.IndexOf(args, Option);
        if (at < 0)
        {
            return false;
        }

        if (at + 1 >= args.Length)
        {
            Console.Error.WriteLine($"usage: ExpoMatch.Functions {Option} <directory> [{ExecutableOption} <name>]");
            Environment.ExitCode = 2;
            return true;
        }

        var executableAt = Array.IndexOf(args, ExecutableOption);
        var executable = executableAt >= 0 && executableAt + 1 < args.Length
            ? args[executableAt + 1]
            : typeof(FunctionLayoutCommand).Assembly.GetName().Name!;
        var files = FunctionLayout.Write(FunctionCatalog.Create(), args[at + 1], executable);
        Console.WriteLine($"Wrote the Azure Functions layout ({files.Count} files) to {Path.GetFullPath(args[at + 1])}.");
        return true;
    }
}
