using Azure.Core;
using Azure.Core.Pipeline;

namespace Sway.Bench;

/// <summary>
/// Counts every HTTP request the storage clients send (retries included: each is a billed transaction), by kind.
/// Registered under the <c>SwayStorage</c> key, it is added to every Table and Queue client Core builds.
/// </summary>
internal sealed class StorageTransactionCounter(string tableAuthority) : HttpPipelineSynchronousPolicy
{
    private readonly long[] _counts = new long[Enum.GetValues<TransactionKind>().Length];

    public long this[TransactionKind kind] => Interlocked.Read(ref _counts[(int)kind]);

    public void Reset() => Array.Clear(_counts);

    public override void OnSendingRequest(HttpMessage message) =>
        Interlocked.Increment(ref _counts[(int)Classify(message.Request.Method, message.Request.Uri.ToUri())]);

    private TransactionKind Classify(RequestMethod method, Uri uri)
    {
        if (uri.Authority == tableAuthority)
        {
            return method == RequestMethod.Get ? TransactionKind.TableRead : TransactionKind.TableWrite;
        }

        var path = uri.AbsolutePath;
        return (path.EndsWith("/messages", StringComparison.Ordinal), path.Contains("/messages/", StringComparison.Ordinal)) switch
        {
            (true, _) when method == RequestMethod.Post => TransactionKind.QueueSend,
            (true, _) when method == RequestMethod.Get => TransactionKind.QueueReceive,
            (_, true) when method == RequestMethod.Delete => TransactionKind.QueueDelete,
            (_, true) when method == RequestMethod.Put => TransactionKind.QueueUpdate,
            _ => TransactionKind.QueueOther,
        };
    }
}

internal enum TransactionKind
{
    /// <summary>Point reads and query pages.</summary>
    TableRead,

    /// <summary>Inserts, upserts, deletes, and entity-group transactions (one request each).</summary>
    TableWrite,

    QueueSend,

    /// <summary>Receives (and peeks), empty polls included.</summary>
    QueueReceive,

    QueueDelete,

    /// <summary>Lease renewals and visibility updates.</summary>
    QueueUpdate,

    /// <summary>Queue properties (a drain's emptiness check), creation.</summary>
    QueueOther,
}
