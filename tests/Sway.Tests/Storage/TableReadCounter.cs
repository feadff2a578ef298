using Azure.Core;
using Azure.Core.Pipeline;

namespace Sway.Tests.Storage;

/// <summary>Counts the table reads (GETs: point reads and query pages) the storage clients send, added to every client under the <c>SwayStorage</c> key.</summary>
internal sealed class TableReadCounter : HttpPipelineSynchronousPolicy
{
    private long _reads;

    public string? TableAuthority { get; set; }

    public long Reads => Interlocked.Read(ref _reads);

    public void Reset() => Interlocked.Exchange(ref _reads, 0);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get && message.Request.Uri.ToUri().Authority == TableAuthority)
        {
            Interlocked.Increment(ref _reads);
        }
    }
}
