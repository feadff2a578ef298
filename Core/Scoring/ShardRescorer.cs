using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Scheduling;
using Sway.Storage;

namespace Sway.Scoring;

/// <summary>
/// The worker of one <c>rescore-shards</c> message: pages through its shard of the Profiles table (following continuation
/// tokens) and asks for every profile there to be scored, in <see cref="ScoreRequest"/> batches of up to
/// <see cref="ScoreRequest.MaxProfiles"/> ids (reason Nightly). After <c>Schedules:ShardPagesPerMessage</c> pages it hands
/// the rest of the shard on, as a message carrying the continuation token, so that no execution outgrows a function
/// timeout however large a shard grows. At least once: a shard handled twice asks for the same scores twice, which
/// scoring absorbs (one history row per profile and day).
/// </summary>
public sealed partial class ShardRescorer(
    ProfileStore profiles,
    ScoreRequestQueue scoreRequests,
    RescoreShardQueue shards,
    StorageRetry retry,
    IOptions<SchedulingOptions> options,
    Telemetry.SwayTelemetry telemetry,
    ILogger<ShardRescorer> logger)
{
    /// <summary>Handles one queue message body; a malformed body throws, so that the host retries and finally poisons it.</summary>
    public async Task HandleAsync(string messageBody, CancellationToken cancellationToken)
    {
        if (!RescoreShardRequest.TryParse(messageBody, out var request, out var error))
        {
            throw new FormatException(error);
        }

        await RescoreAsync(request, cancellationToken);
    }

    /// <summary>Enqueues score requests for (part of) a shard; returns how many profiles were asked for.</summary>
    public async Task<int> RescoreAsync(RescoreShardRequest request, CancellationToken cancellationToken)
    {
        var (pageSize, pages) = (options.Value.RescorePageSize, options.Value.ShardPagesPerMessage);
        var token = request.ContinuationToken;
        var total = 0;
        for (var page = 0; page < pages; page++)
        {
            var from = token;
            var (count, next) = await retry.RunAsync(
                $"page through shard {request.Shard}",
                async ct =>
                {
                    var (ids, continuation) = await profiles.ListIdsInShardAsync(request.Shard, from, pageSize, ct);
                    return (await scoreRequests.EnqueueAsync(ids, ScoreRequestReason.Nightly, ct), continuation);
                },
                cancellationToken);
            total += count;
            telemetry.NightlyProfilesEnqueued(count);
            token = next;
            if (token is null)
            {
                LogShardDone(logger, request.Shard, total);
                return total;
            }
        }

        await shards.EnqueueAsync(request with { ContinuationToken = token }, cancellationToken);
        LogShardContinues(logger, request.Shard, total);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shard {Shard}: enqueued the last {Count} profiles")]
    private static partial void LogShardDone(ILogger logger, string shard, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shard {Shard}: enqueued {Count} profiles; the rest of the shard goes on in a new message")]
    private static partial void LogShardContinues(ILogger logger, string shard, int count);
}
