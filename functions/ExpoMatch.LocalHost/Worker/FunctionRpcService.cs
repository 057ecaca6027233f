using System.Collections.Concurrent;
using ExpoMatch.LocalHost.Worker.Protocol;
using Grpc.Core;
using RpcException = Grpc.Core.RpcException;

namespace ExpoMatch.LocalHost.Worker;

/// <summary>
/// The host end of the worker protocol: the worker calls EventStream and opens with StartStream{worker_id}; the
/// connection is handed to whoever launched that worker id, and the worker's answers and logs are dispatched from here.
/// </summary>
public sealed class FunctionRpcService(WorkerStreams streams, ILogger<FunctionRpcService> logger) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.StartStream is not { } start)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The stream must open with StartStream."));
        }

        var connection = new WorkerConnection(start.WorkerId);
        if (!streams.Accept(connection))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"Unknown worker id {start.WorkerId}."));
        }

        var writer = Task.Run(async () =>
        {
            await foreach (var message in connection.Outgoing.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        });
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var message = requestStream.Current;
                if (message.RpcLog is { } log)
                {
                    WorkerLog.Write(logger, log);
                }
                else
                {
                    connection.Complete(message);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or RpcException)
        {
            // The worker died or hung up: the supervisor sees the closed connection and restarts it.
        }
        finally
        {
            connection.Close();
        }

        await writer.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}

/// <summary>Worker ids the supervisor launched and is waiting to hear from.</summary>
public sealed class WorkerStreams
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WorkerConnection>> _expected = new(StringComparer.Ordinal);

    public Task<WorkerConnection> Expect(string workerId)
    {
        var connected = new TaskCompletionSource<WorkerConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[workerId] = connected;
        return connected.Task;
    }

    public void Forget(string workerId) => _expected.TryRemove(workerId, out _);

    internal bool Accept(WorkerConnection connection) =>
        _expected.TryRemove(connection.WorkerId, out var waiting) && waiting.TrySetResult(connection);
}
