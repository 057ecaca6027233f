using System.Diagnostics;
using ExpoMatch.LocalHost.Hosting;
using ExpoMatch.LocalHost.Worker.Protocol;

namespace ExpoMatch.LocalHost.Worker;

/// <summary>
/// Launches the worker as the real host does, drives init, worker indexing and load over the stream, and keeps a
/// worker running: if it dies, the next one is started and its functions loaded again. Triggers ask for
/// <see cref="Current"/> (null while no worker is ready).
/// </summary>
public sealed partial class WorkerSupervisor(
    AppFolder app,
    LocalHostOptions options,
    WorkerStreams streams,
    GrpcEndpoint grpc,
    IHostApplicationLifetime lifetime,
    ILogger<WorkerSupervisor> logger) : BackgroundService
{
    private const string HostVersion = "4.1000.0";

    // Read by /bin/sh -c; $1.. are the worker command line. The worker does not exit when the host disappears (its
    // stream just fails), so it runs under this watchdog: our stdin pipe closing (we stopped or died, even by
    // SIGKILL) stops the worker; otherwise the shell exits with the worker's own exit code. (A background job's stdin
    // is /dev/null in a non-interactive shell, so the watcher reads our pipe through fd 3.)
    private const string WatchdogScript = """
        exec 3<&0
        "$@" </dev/null 3<&- &
        child=$!
        ( cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; sleep 5; kill -KILL "$child" 2>/dev/null ) &
        exec 3<&-
        wait "$child"
        status=$?
        exit "$status"
        """;
    private readonly TaskCompletionSource<IReadOnlyList<FunctionDescriptor>> _indexed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ReadyWorker? _current;
    private TaskCompletionSource<ReadyWorker> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The worker that is up with every function loaded, or null.</summary>
    public ReadyWorker? Current => _current;

    /// <summary>The functions of the first successful index (the app folder does not change while we run).</summary>
    public Task<IReadOnlyList<FunctionDescriptor>> Indexed => _indexed.Task;

    /// <summary>Waits for a ready worker (the triggers pause while the worker restarts).</summary>
    public Task<ReadyWorker> WaitReadyAsync(CancellationToken cancellationToken) =>
        _current is { } ready ? Task.FromResult(ready) : Volatile.Read(ref _ready).Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken serviceStopping)
    {
        // Ctrl+C reaches the worker (same process group) as well as us: from the first sign of shutdown on, a worker
        // that exits is not restarted.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(serviceStopping, lifetime.ApplicationStopping);
        var stoppingToken = stopping.Token;
        await WhenStartedAsync(stoppingToken); // the gRPC endpoint must listen before the worker dials it
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOneWorkerAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWorkerFailed(e.Message);
            }

            try
            {
                await Task.Delay(options.WorkerRestartDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            LogRestarting();
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private async Task RunOneWorkerAsync(CancellationToken stoppingToken)
    {
        var workerId = Guid.NewGuid().ToString();
        var connected = streams.Expect(workerId);
        using var process = Launch(workerId);
        try
        {
            var exited = process.WaitForExitAsync(stoppingToken);
            using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            startTimeout.CancelAfter(options.WorkerStartTimeout);
            var first = await Task.WhenAny(connected, exited).WaitAsync(startTimeout.Token);
            if (first != connected)
            {
                throw new InvalidOperationException($"The worker exited with code {process.ExitCode} before it connected.");
            }

            var connection = await connected;
            var ready = await InitializeAsync(connection, startTimeout.Token);
            LogWorkerReady(process.Id, ready.Functions.Count, ready.HttpUri?.ToString() ?? "-");
            _current = ready;
            _indexed.TrySetResult(ready.Functions);
            Volatile.Read(ref _ready).TrySetResult(ready);

            await Task.WhenAny(connection.Closed, exited);
            _current = null;
            Volatile.Write(ref _ready, new TaskCompletionSource<ReadyWorker>(TaskCreationOptions.RunContinuationsAsynchronously));
            if (!stoppingToken.IsCancellationRequested)
            {
                await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
                LogWorkerExited(process.Id, process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "hung up");
            }
            else
            {
                await StopAsync(connection, process);
            }
        }
        finally
        {
            _current = null;
            streams.Forget(workerId);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private async Task<ReadyWorker> InitializeAsync(WorkerConnection connection, CancellationToken cancellationToken)
    {
        var init = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = app.Directory, FunctionAppDirectory = app.Directory };
        var initResponse = (await connection.RequestAsync(new StreamingMessage { WorkerInitRequest = init }, cancellationToken)).WorkerInitResponse;
        EnsureSuccess(initResponse.Result, "initialise");
        var httpUri = initResponse.Capabilities.TryGetValue("HttpUri", out var uri) ? new Uri(uri) : null;

        var index = (await connection.RequestAsync(
            new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = app.Directory } },
            cancellationToken)).FunctionMetadataResponse;
        EnsureSuccess(index.Result, "index its functions");
        if (index.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("The worker asked for host indexing (functions.metadata); this host supports worker indexing only.");
        }

        var functions = new List<FunctionDescriptor>();
        foreach (var metadata in index.FunctionMetadataResults)
        {
            var load = (await connection.RequestAsync(
                new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata } },
                cancellationToken)).FunctionLoadResponse;
            EnsureSuccess(load.Result, "load " + metadata.Name);
            functions.Add(FunctionDescriptor.From(metadata));
        }

        return new ReadyWorker(connection, httpUri, functions);
    }

    private static void EnsureSuccess(StatusResult? result, string what)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"The worker could not {what}: {result?.Exception?.Message ?? result?.Result ?? "no result"}.");
        }
    }

    private Process Launch(string workerId)
    {
        var description = app.Worker;
        var start = new ProcessStartInfo
        {
            WorkingDirectory = app.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = ResolveExecutable(description.ExecutablePath);
        }
        else
        {
            start.FileName = "/bin/sh";
            foreach (var argument in new[] { "-c", WatchdogScript, "worker-watchdog", ResolveExecutable(description.ExecutablePath) })
            {
                start.ArgumentList.Add(argument);
            }
        }

        var commandStart = start.ArgumentList.Count;
        foreach (var argument in description.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (description.WorkerPath.Length > 0)
        {
            start.ArgumentList.Add(Path.Combine(app.Directory, description.WorkerPath));
        }

        foreach (var argument in description.WorkerArguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The four switches worker 2.x reads (GrpcStartupOptions); it connects back over plain HTTP/2.
        start.ArgumentList.Add("--functions-uri");
        start.ArgumentList.Add(grpc.Uri.ToString());
        start.ArgumentList.Add("--functions-worker-id");
        start.ArgumentList.Add(workerId);
        start.ArgumentList.Add("--functions-request-id");
        start.ArgumentList.Add(Guid.NewGuid().ToString());
        start.ArgumentList.Add("--functions-grpc-max-message-length");
        start.ArgumentList.Add(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));

        foreach (var (key, value) in app.Settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        if (!app.Settings.ContainsKey("AZURE_FUNCTIONS_ENVIRONMENT"))
        {
            start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development"; // as `func start` sets it
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker.");
        var pid = process.Id;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { LogWorkerOutput(pid, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { LogWorkerError(pid, e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        LogWorkerStarted(pid, string.Join(' ', start.ArgumentList.Skip(commandStart).Take(description.Arguments.Count + 1)));
        return process;
    }

    // "dotnet" means the dotnet that runs us when there is one (DOTNET_HOST_PATH), as the host resolves it.
    private static string ResolveExecutable(string executable) =>
        executable == "dotnet" && Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : executable;

    private async Task StopAsync(WorkerConnection connection, Process process)
    {
        connection.Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = new Duration { Seconds = 5 } } });
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        LogWorkerStopped(process.Id);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Worker process started (pid {Pid}): {Command}")]
    private partial void LogWorkerStarted(int pid, string command);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Worker {Pid} is ready: {Count} functions loaded, HTTP at {HttpUri}")]
    private partial void LogWorkerReady(int pid, int count, string httpUri);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Worker {Pid} exited ({ExitCode}); restarting it")]
    private partial void LogWorkerExited(int pid, string exitCode);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Worker failed: {Reason}")]
    private partial void LogWorkerFailed(string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Restarting the worker")]
    private partial void LogRestarting();

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Worker {Pid} stopped")]
    private partial void LogWorkerStopped(int pid);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "[worker {Pid}] {Line}")]
    private partial void LogWorkerOutput(int pid, string line);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "[worker {Pid}] {Line}")]
    private partial void LogWorkerError(int pid, string line);
}

/// <summary>A worker with every function loaded.</summary>
public sealed record ReadyWorker(WorkerConnection Connection, Uri? HttpUri, IReadOnlyList<FunctionDescriptor> Functions);

/// <summary>Where the gRPC endpoint listens (known once Kestrel has bound it).</summary>
public sealed class GrpcEndpoint
{
    public Uri Uri { get; set; } = new("http://127.0.0.1:0/");
}
