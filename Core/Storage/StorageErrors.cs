using System.Net.Sockets;
using Azure;

namespace Sway.Storage;

/// <summary>
/// How Sway reads a storage failure. <em>Transient</em>: worth trying again later (throttling, server errors,
/// timeouts, connections refused or cut). <em>Already done</em>: a queue call whose target is gone, which after a
/// lost answer means its own earlier try succeeded, exactly as the Functions queue listener reads it.
/// </summary>
public static class StorageErrors
{
    private static readonly HashSet<int> TransientStatuses = [0, 408, 429, 500, 502, 503, 504];

    public static bool IsTransient(Exception exception, CancellationToken cancellationToken = default) => exception switch
    {
        RequestFailedException failed => TransientStatuses.Contains(failed.Status),
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(e => IsTransient(e, cancellationToken)),
        StorageUnavailableException => true,
        _ => false,
    };

    /// <summary>
    /// A queue delete or visibility update that finds no message (<c>MessageNotFound</c>, <c>QueueNotFound</c>) or
    /// another receipt (<c>PopReceiptMismatch</c>): the message was already deleted, by this call's earlier try, or
    /// it is another delivery's now. Either way there is nothing left for this call to do.
    /// </summary>
    public static bool IsQueueMessageGone(RequestFailedException exception) =>
        exception.Status == 404
        || (exception.Status == 400 && string.Equals(exception.ErrorCode, "PopReceiptMismatch", StringComparison.Ordinal));

    /// <summary>The innermost cause of a storage failure, in one line (the SDK wraps it in retry advice).</summary>
    public static string Describe(Exception? exception)
    {
        var inner = exception;
        while (inner?.InnerException is not null)
        {
            inner = inner is AggregateException aggregate ? aggregate.InnerExceptions[^1] : inner.InnerException;
        }

        return inner is null ? "unknown" : $"{inner.GetType().Name}: {inner.Message}";
    }
}
