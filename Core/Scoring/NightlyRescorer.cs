using Microsoft.Extensions.Logging;

namespace Sway.Scoring;

/// <summary>
/// The nightly batch: makes the newest standings before today current (<see cref="Storage.StandingStore.AdvanceAsync"/>),
/// then fans out: one <c>rescore-shards</c> message per shard of the Profiles table (<see cref="Storage.ProfileStore.Shards"/>),
/// whose workers (<see cref="ShardRescorer"/>) page through their shard and enqueue score requests in batches. The run
/// itself is a few hundred small messages, whatever the number of profiles. Running it twice enqueues every shard
/// twice, which only re-computes the same scores and replaces the same history rows.
/// </summary>
public sealed partial class NightlyRescorer(
    RescoreShardQueue shards,
    Storage.StandingStore standings,
    Storage.StorageRetry retry,
    ILogger<NightlyRescorer> logger)
{
    /// <summary>Advances the standings and enqueues every shard; returns how many shards were enqueued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var generation = await retry.RunAsync("advance the standings", standings.AdvanceAsync, cancellationToken);
        LogStandings(logger, generation ?? "none yet");
        var count = await shards.EnqueueAsync(Storage.ProfileStore.Shards, cancellationToken);
        LogEnqueued(logger, count);
        return count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly rescore scores with the standings of {Generation}")]
    private static partial void LogStandings(ILogger logger, string generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly rescore enqueued {Count} shards of the Profiles table")]
    private static partial void LogEnqueued(ILogger logger, int count);
}
