using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Scoring;

/// <summary>
/// Sends score requests to the <c>score-requests</c> queue (base64-encoded, as the Functions queue trigger expects),
/// each retried on its own on transient failures. A send whose answer was lost and that is sent again leaves a
/// duplicate request, which scoring absorbs.
/// </summary>
public sealed class ScoreRequestQueue(SwayStorage storage, StorageRetry retry, SwayTelemetry telemetry, IOptions<StorageOptions> options)
{
    private readonly QueueClient _queue = storage.ScoreRequests;
    private readonly int _parallelism = options.Value.WriteParallelism * 2;

    public async Task<int> EnqueueAsync(IEnumerable<string> profileIds, ScoreRequestReason reason, CancellationToken cancellationToken)
    {
        var distinct = profileIds.Distinct(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (id, ct) => await retry.RunAsync("ask for a score", c => _queue.SendMessageAsync(new ScoreRequest(id, reason).ToJson(), c), ct));
        telemetry.ScoreRequestsEnqueued(reason, distinct.Count);
        return distinct.Count;
    }
}
