using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Ingestion;

/// <summary>
/// One pull run (the <c>PullActivity</c> timer): for each source, read from its stored cursor in batches; for each
/// batch, resolve the receiving accounts to profiles (enrolling them where the source allows), store the
/// interactions idempotently, and only then advance the cursor. Every step is idempotent and retried through
/// <see cref="StorageRetry"/>, so a storage fault, a lost answer or a crash at any point, followed by another run,
/// stores exactly what one uninterrupted run stores.
/// <list type="bullet">
/// <item>Live sources are scored as of now: each batch asks for its affected profiles before its cursor advances,
/// so no crash can leave a stored reaction without a score request after it.</item>
/// <item>A recorded dataset is scored as of its end (<see cref="ReplayClock"/>), fixed before its first event is
/// stored. When the dataset has been read to its end, every profile of its network is asked for once
/// (<em>settling</em>, recorded so that a crash part-way asks again); a run stopped earlier by the per-run cap asks
/// for the profiles it touched, so that scores appear while a long replay goes on.</item>
/// </list>
/// </summary>
public sealed partial class ActivityPuller(
    IEnumerable<IActivitySource> sources,
    ProfileStore profiles,
    InteractionStore interactions,
    CursorStore cursors,
    ReplayClock replayClock,
    ScoreRequestQueue scoreRequests,
    StorageRetry retry,
    SwayTelemetry telemetry,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<ActivityPuller> logger)
{
    private const int SettlePageSize = 1_000;
    private readonly IngestionOptions _options = options.Value;

    /// <summary>Called after each batch is stored, for progress reporting.</summary>
    public event Action<PullProgress>? BatchStored;

    /// <summary>The timer's run: every source, each up to <see cref="IngestionOptions.MaxEventsPerRun"/> events.</summary>
    public async Task<PullReport> PullAsync(CancellationToken cancellationToken)
    {
        var report = PullReport.Empty;
        foreach (var source in sources)
        {
            report += await PullAsync(source, cancellationToken);
        }

        return report;
    }

    public Task<PullReport> PullAsync(IActivitySource source, CancellationToken cancellationToken) =>
        PullAsync(source, _options.MaxEventsPerRun, cancellationToken);

    /// <param name="source">What to read.</param>
    /// <param name="maxEvents">The most this run reads: the per-run cap for timer pulls, everything for a replay command.</param>
    /// <param name="cancellationToken">Stops the run between steps; the next run resumes from the stored cursor.</param>
    public async Task<PullReport> PullAsync(IActivitySource source, long maxEvents, CancellationToken cancellationToken)
    {
        using var activity = SwayTelemetry.StartPull(source.Name);
        var extent = await source.MeasureAsync(cancellationToken);
        var cursor = await retry.RunAsync($"read the cursor of {source.Name}", ct => cursors.GetCursorAsync(source.Name, ct), cancellationToken);
        if (extent is not null)
        {
            await retry.RunAsync($"set the clock of {source.Network.Name}", ct => replayClock.AdvanceAsync(source.Network, extent.End, ct), cancellationToken);
        }

        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var report = PullReport.Empty;
        var exhausted = false;
        for (var batchNumber = 1; report.Read < maxEvents && !exhausted; batchNumber++)
        {
            var size = (int)Math.Min(_options.BatchSize, maxEvents - report.Read);
            var from = cursor;
            var step = await retry.RunAsync(
                $"store batch {batchNumber} of {source.Name}",
                ct => PullBatchAsync(source, from, size, askForScores: extent is null, known, ct),
                cancellationToken);
            cursor = step.Batch.NextCursor;
            exhausted = step.Batch.Exhausted || step.Batch.Interactions.Count == 0;
            touched.UnionWith(step.Affected);
            report += new PullReport(step.Batch.Interactions.Count, step.Stored, 0, extent is null ? step.Affected.Count : 0);
            if (step.Batch.Interactions.Count > 0)
            {
                BatchStored?.Invoke(new PullProgress(source.Name, report.Read, report.Stored, touched.Count));
            }
        }

        if (extent is null)
        {
            report = report with { Profiles = touched.Count };
        }
        else if (exhausted)
        {
            var settled = await SettleAsync(source.Network, cancellationToken);
            report = report with { Profiles = settled, Requests = settled };
        }
        else
        {
            await retry.RunAsync(
                $"ask for the profiles {source.Name} touched",
                ct => scoreRequests.EnqueueAsync(touched, ScoreRequestReason.Activity, ct),
                cancellationToken);
            report = report with { Profiles = touched.Count, Requests = touched.Count };
        }

        if (report.Read > 0 || report.Requests > 0)
        {
            LogPulled(logger, source.Name, report.Read, report.Stored, report.Profiles);
        }
        else
        {
            LogNothingNew(logger, source.Name);
        }

        return report;
    }

    /// <summary>One batch, idempotent as a whole: read, store, (live) ask for scores, then advance the cursor.</summary>
    private async Task<BatchStep> PullBatchAsync(
        IActivitySource source, string? cursor, int size, bool askForScores, Dictionary<string, string> known, CancellationToken cancellationToken)
    {
        var batch = await source.ReadAsync(cursor, size, cancellationToken);
        var stored = await StoreAsync(source, batch.Interactions, known, cancellationToken);
        var affected = stored.Select(i => known[i.TargetId]).Distinct(StringComparer.Ordinal).ToList();
        if (askForScores)
        {
            await scoreRequests.EnqueueAsync(affected, ScoreRequestReason.Activity, cancellationToken);
        }

        if (batch.NextCursor != cursor)
        {
            await cursors.SaveCursorAsync(source.Name, batch.NextCursor, cancellationToken);
        }

        return new BatchStep(batch, stored.Count, affected);
    }

    /// <summary>Stores the interactions whose receiver has (or, in enrolling sources, gets) a profile; returns them.</summary>
    private async Task<IReadOnlyList<Interaction>> StoreAsync(
        IActivitySource source, IReadOnlyList<Interaction> batch, Dictionary<string, string> known, CancellationToken cancellationToken)
    {
        var candidates = batch.Where(i => i.ActorId != i.TargetId && i.Network == source.Network.Name).ToList();
        var unknown = candidates.Select(i => i.TargetId).Where(t => !known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var found = await profiles.FindByAccountsAsync(source.Network.Name, unknown, cancellationToken);
            foreach (var (accountId, profileId) in found)
            {
                known[accountId] = profileId;
            }

            if (source.Enrollment == ProfileEnrollment.EveryReceiver)
            {
                var enrolled = unknown.Where(a => !found.ContainsKey(a))
                    .Select(a => Enroll(source, a, candidates))
                    .ToList();
                await profiles.SaveAsync(enrolled, cancellationToken);
                foreach (var profile in enrolled)
                {
                    known[profile.Accounts[0].AccountId] = profile.Id;
                }
            }
        }

        var stored = candidates.Where(i => known.ContainsKey(i.TargetId)).ToList();
        await interactions.WriteAsync(stored, cancellationToken);
        telemetry.InteractionsStored(source.Network.Name, stored.Count);
        return stored;
    }

    /// <summary>
    /// A profile for an account an enrolling source met. A dataset's profile is dated by its first reaction in the
    /// batch that enrolled it, so that replaying the same file stores the same row whenever it runs; a live one, now.
    /// </summary>
    private Profile Enroll(IActivitySource source, string accountId, List<Interaction> batch)
    {
        var origin = source.Network.IsReplay ? ProfileOrigin.Dataset : ProfileOrigin.Demo;
        var createdAt = source.Network.IsReplay
            ? batch.Where(i => i.TargetId == accountId).Min(i => i.OccurredAt)
            : clock.GetUtcNow();
        return new Profile(ProfileId.ForAccount(source.Network.Name, accountId), [source.Describe(accountId)], origin, createdAt);
    }

    /// <summary>
    /// Asks for every profile of a dataset's network to be scored as of its clock, unless that was already done for
    /// this clock; records it afterwards, so that a run interrupted part-way asks again (duplicates change nothing).
    /// </summary>
    private async Task<int> SettleAsync(Network network, CancellationToken cancellationToken)
    {
        var at = await retry.RunAsync($"read the clock of {network.Name}", ct => replayClock.UnsettledAsync(network, ct), cancellationToken);
        if (at is null)
        {
            return 0;
        }

        var total = 0;
        string? token = null;
        do
        {
            var from = token;
            var page = await retry.RunAsync(
                $"ask for the profiles of {network.Name}",
                async ct =>
                {
                    var ids = await profiles.ListIdsOnNetworkAsync(network.Name, from, SettlePageSize, ct);
                    await scoreRequests.EnqueueAsync(ids.Ids, ScoreRequestReason.Activity, ct);
                    return ids;
                },
                cancellationToken);
            total += page.Ids.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);

        await retry.RunAsync($"record the settled clock of {network.Name}", ct => replayClock.MarkSettledAsync(network, at.Value, ct), cancellationToken);
        LogSettled(logger, network.Name, total, at.Value);
        return total;
    }

    private sealed record BatchStep(ActivityBatch Batch, int Stored, IReadOnlyList<string> Affected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Source}: read {Read}, stored {Stored}, {Profiles} profiles to score")]
    private static partial void LogPulled(ILogger logger, string source, int read, int stored, int profiles);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pulled {Source}: nothing new")]
    private static partial void LogNothingNew(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dataset {Network} read to its end: asked for its {Count} profiles as of {At:u}")]
    private static partial void LogSettled(ILogger logger, string network, int count, DateTimeOffset at);
}
