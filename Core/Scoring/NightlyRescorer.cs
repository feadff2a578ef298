using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Scheduling;

namespace Sway.Scoring;

/// <summary>
/// The nightly batch: makes the newest standings before today current (<see cref="Storage.StandingStore.AdvanceAsync"/>),
/// then pages through every profile (following continuation tokens to the end) and enqueues one
/// score request per profile. Each page is retried on transient storage failures. Running it twice enqueues requests
/// twice, which only re-computes the same scores and replaces the same history row.
/// </summary>
public sealed partial class NightlyRescorer(
    Storage.ProfileStore profiles,
    ScoreRequestQueue queue,
    Storage.StandingStore standings,
    Storage.StorageRetry retry,
    IOptions<SchedulingOptions> options,
    Telemetry.SwayTelemetry telemetry,
    ILogger<NightlyRescorer> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var generation = await retry.RunAsync("advance the standings", standings.AdvanceAsync, cancellationToken);
        LogStandings(logger, generation ?? "none yet");
        var pageSize = options.Value.RescorePageSize;
        string? token = null;
        var total = 0;
        do
        {
            var from = token;
            var (count, next) = await retry.RunAsync(
                "ask for the next page of profiles",
                async ct =>
                {
                    var (ids, continuation) = await profiles.ListIdsAsync(from, pageSize, ct);
                    return (await queue.EnqueueAsync(ids, ScoreRequestReason.Nightly, ct), continuation);
                },
                cancellationToken);
            total += count;
            token = next;
        }
        while (token is not null);

        LogEnqueued(logger, total);
        telemetry.NightlyRunEnqueued(total);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly rescore scores with the standings of {Generation}")]
    private static partial void LogStandings(ILogger logger, string generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly rescore enqueued {Count} profiles")]
    private static partial void LogEnqueued(ILogger logger, int count);
}
