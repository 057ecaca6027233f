using System.Net.Sockets;
using Azure;

namespace ExpoMatch.Functions.Storage;

/// <summary>
/// Tells "Azure Storage could not be reached or could not answer" (retry later: 503) from everything else (a bug:
/// 500). What the Azure SDK throws when storage is down: <see cref="RequestFailedException"/> with status 0 (no
/// response) or 5xx (500 InternalError, 503 ServerBusy), <see cref="HttpRequestException"/> or a socket error, a
/// <see cref="TaskCanceledException"/> when a try exceeds <c>Retry.NetworkTimeout</c>, and an
/// <see cref="AggregateException"/> of those once its retries are spent.
/// </summary>
public static class StorageUnavailable
{
    /// <summary>How long clients are told to wait (Retry-After) before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// How long an HTTP function may wait on storage before it answers 503. Long enough that a loaded but working store
    /// (this machine's Azurite under the whole test suite took over 8 s for some transactions) is not reported as down,
    /// short enough that a hung store gives the caller a 503 instead of a hung request. Phones that give up sooner lose
    /// nothing: every write is safe to repeat and committed work is pending work (ADR-004). Queue and timer functions
    /// have no deadline: the clients' retries ride out short outages for them.
    /// </summary>
    public static readonly TimeSpan HttpDeadline = TimeSpan.FromSeconds(20);

    /// <param name="exception">What a function threw.</param>
    /// <param name="callerCancelled">The caller's token: a cancellation the caller asked for is not an outage.</param>
    public static bool Is(Exception exception, CancellationToken callerCancelled) =>
        !callerCancelled.IsCancellationRequested && IsOutage(exception, depth: 0);

    private static bool IsOutage(Exception exception, int depth) => depth < 8 && exception switch
    {
        RequestFailedException e => e.Status is 0 or >= 500 && !IsCausedByCode(e),
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(e => IsOutage(e, depth + 1)),
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true,
        _ => exception.InnerException is { } inner && IsOutage(inner, depth + 1),
    };

    // A status-0 failure that comes from our side (a request the SDK refused to build) is a bug, not an outage.
    private static bool IsCausedByCode(RequestFailedException e) =>
        e.Status == 0 && e.InnerException is ArgumentException or InvalidOperationException or NotSupportedException;

    /// <summary>Safe to log: the exception's type and status, never its message (URLs may hold a SAS).</summary>
    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException e => $"{e.GetType().Name} (status {e.Status})",
        AggregateException all when all.InnerExceptions.Count > 0 =>
            $"{all.InnerExceptions.Count} tries failed, last {Describe(all.InnerExceptions[^1])}",
        _ => exception.GetType().Name,
    };
}
