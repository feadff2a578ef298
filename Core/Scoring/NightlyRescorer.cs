using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Scheduling;

namespace Sway.Scoring;

/// <summary>
/// The nightly batch: pages through every profile (following continuation tokens to the end) and enqueues one
/// score request per profile. Running it twice enqueues requests twice, which only re-computes the same scores
/// and replaces the same history row.
/// </summary>
public sealed partial class NightlyRescorer(
    Storage.ProfileStore profiles,
    ScoreRequestQueue queue,
    IOptions<SchedulingOptions> options,
    ILogger<NightlyRescorer> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var pageSize = options.Value.RescorePageSize;
        string? token = null;
        var total = 0;
        do
        {
            var (ids, next) = await profiles.ListIdsAsync(token, pageSize, cancellationToken);
            total += await queue.EnqueueAsync(ids, ScoreRequestReason.Nightly, cancellationToken);
            token = next;
        }
        while (token is not null);

        LogEnqueued(logger, total);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly rescore enqueued {Count} profiles")]
    private static partial void LogEnqueued(ILogger logger, int count);
}
