using System.Collections.Concurrent;
using System.Threading.Channels;
using ExpoMatch.LocalHost.Worker.Protocol;

namespace ExpoMatch.LocalHost.Worker;

/// <summary>
/// One worker's EventStream: requests go out through a single writer, and each response is matched to its request by
/// request_id (the worker echoes it; invocation responses also carry the invocation id).
/// </summary>
public sealed class WorkerConnection
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WorkerConnection(string workerId) => WorkerId = workerId;

    public string WorkerId { get; }

    /// <summary>Completes when the stream ends (the worker exited or hung up).</summary>
    public Task Closed => _closed.Task;

    internal ChannelReader<StreamingMessage> Outgoing => _outgoing.Reader;

    /// <summary>Sends a request and waits for the worker's answer to it; fails with <see cref="WorkerLostException"/> if the stream ends first.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, CancellationToken cancellationToken)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var response = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.RequestId] = response;
        try
        {
            if (_closed.Task.IsCompleted || !_outgoing.Writer.TryWrite(request))
            {
                throw new WorkerLostException(WorkerId);
            }

            return await response.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(request.RequestId, out _);
        }
    }

    public void Send(StreamingMessage message) => _outgoing.Writer.TryWrite(message);

    internal void Complete(StreamingMessage response)
    {
        if (_pending.TryRemove(response.RequestId, out var waiting))
        {
            waiting.TrySetResult(response);
        }
    }

    internal void Close()
    {
        _outgoing.Writer.TryComplete();
        _closed.TrySetResult();
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var waiting))
            {
                waiting.TrySetException(new WorkerLostException(WorkerId));
            }
        }
    }
}

/// <summary>The worker's stream ended (the process died or hung up) before it answered.</summary>
public sealed class WorkerLostException(string workerId) : Exception($"Worker {workerId} exited before it answered.");
