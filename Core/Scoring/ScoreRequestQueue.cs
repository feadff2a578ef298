using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Scoring;

/// <summary>
/// Sends score requests to the <c>score-requests</c> queue (base64-encoded, as the Functions queue trigger expects),
/// up to <see cref="ScoreRequest.MaxProfiles"/> profiles a message, each message retried on its own on transient failures. A send whose answer was lost and that is sent again leaves a
/// duplicate request, which scoring absorbs.
/// </summary>
public sealed class ScoreRequestQueue(SwayStorage storage, StorageRetry retry, SwayTelemetry telemetry, IOptions<StorageOptions> options)
{
    private readonly QueueClient _queue = storage.ScoreRequests;
    private readonly int _parallelism = options.Value.WriteParallelism * 2;

    /// <summary>Asks for these profiles to be scored; returns how many distinct profiles were asked for.</summary>
    public async Task<int> EnqueueAsync(IEnumerable<string> profileIds, ScoreRequestReason reason, CancellationToken cancellationToken)
    {
        var distinct = profileIds.Distinct(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(
            distinct.Chunk(ScoreRequest.MaxProfiles),
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (ids, ct) => await retry.RunAsync("ask for scores", c => _queue.SendMessageAsync(new ScoreRequest(ids, reason).ToJson(), c), ct));
        telemetry.ScoreRequestsEnqueued(reason, distinct.Count);
        return distinct.Count;
    }

    /// <summary>
    /// Asks for each of these profiles in a message of its own: the failed profiles of a batch, so that each is retried
    /// and, if it keeps failing, poisoned on its own, without its neighbours.
    /// </summary>
    public async Task EnqueueEachAsync(IEnumerable<string> profileIds, ScoreRequestReason reason, CancellationToken cancellationToken)
    {
        var distinct = profileIds.Distinct(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (id, ct) => await retry.RunAsync("ask for a score", c => _queue.SendMessageAsync(new ScoreRequest(id, reason).ToJson(), c), ct));
    }
}
