using Azure.Storage.Queues;
using Sway.Storage;

namespace Sway.Scoring;

/// <summary>
/// Sends shard requests to the <c>rescore-shards</c> queue (base64-encoded, as every Sway queue), each message retried on
/// its own on transient failures. A send whose answer was lost and that is sent again leaves a duplicate shard request,
/// which only asks for the same scores again (scoring is idempotent).
/// </summary>
public sealed class RescoreShardQueue(SwayStorage storage, StorageRetry retry)
{
    private const int Parallelism = 16;
    private readonly QueueClient _queue = storage.RescoreShards;

    public Task EnqueueAsync(RescoreShardRequest request, CancellationToken cancellationToken) =>
        retry.RunAsync("ask for a shard to be rescored", c => _queue.SendMessageAsync(request.ToJson(), c), cancellationToken);

    /// <summary>Asks for every one of these shards, from its start; returns how many were asked for.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyCollection<string> shards, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            shards,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (shard, ct) => await EnqueueAsync(new RescoreShardRequest(shard), ct));
        return shards.Count;
    }
}
