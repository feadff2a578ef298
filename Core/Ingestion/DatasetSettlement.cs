using Microsoft.Extensions.Logging;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Ingestion;

/// <summary>
/// The one rule of settling a dataset's clock, for the puller and the bulk replay: once a dataset is read to its end,
/// the profiles of its network that its batches did not score as of its clock (linked profiles, those of an earlier,
/// shorter replay; every profile, when the clock moved since the first batch) are scored once as of it, and the clock
/// is then recorded as settled, so that a run interrupted part-way does it again (duplicates change nothing).
/// </summary>
public sealed partial class DatasetSettlement(ProfileStore profiles, ReplayClock replayClock, StorageRetry retry, ILogger<DatasetSettlement> logger)
{
    private const int PageSize = 1_000;

    /// <summary>Settles the dataset's clock, handing each page of profiles to <paramref name="score"/>; returns how many it handed.</summary>
    /// <param name="network">The dataset's network.</param>
    /// <param name="extent">What the dataset covers (its receivers were scored by its batches when the clock has not moved).</param>
    /// <param name="score">Scores a page of profile ids (asks for them, or scores them at once), retrying what it needs.</param>
    /// <param name="cancellationToken">Stops between pages; the clock then stays unsettled.</param>
    public async Task<int> SettleAsync(Network network, DatasetExtent extent, Func<IReadOnlyList<string>, CancellationToken, Task> score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(extent);
        ArgumentNullException.ThrowIfNull(score);
        if (await retry.RunAsync($"read the clock of {network.Name}", ct => replayClock.UnsettledAsync(network, ct), cancellationToken) is not { } unsettled)
        {
            return 0;
        }

        // Only when the clock has not moved since the first batch were the dataset's own receivers scored as of it.
        var scoredByBatches = unsettled.FromStart
            ? extent.Receivers.Select(a => ProfileId.ForAccount(network.Name, a)).ToHashSet(StringComparer.Ordinal)
            : [];
        var total = 0;
        string? token = null;
        do
        {
            var from = token;
            var page = await retry.RunAsync($"list the profiles of {network.Name}", ct => profiles.ListIdsOnNetworkAsync(network.Name, from, PageSize, ct), cancellationToken);
            var others = page.Ids.Where(id => !scoredByBatches.Contains(id)).ToList();
            await score(others, cancellationToken);
            total += others.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        await retry.RunAsync($"record the settled clock of {network.Name}", ct => replayClock.MarkSettledAsync(network, unsettled.At, ct), cancellationToken);
        LogSettled(logger, network.Name, total, unsettled.At);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataset {Network} read to its end: {Count} more of its profiles scored as of {At:u}")]
    private static partial void LogSettled(ILogger logger, string network, int count, DateTimeOffset at);
}
