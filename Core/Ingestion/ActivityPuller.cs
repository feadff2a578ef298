using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Domain;
using Sway.Privacy;
using Sway.Scoring;
using Sway.Scoring.Senders;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Ingestion;

/// <summary>
/// One pull run (the <c>PullActivity</c> timer): for each source, read from its stored cursor in batches; for each
/// batch, resolve the receiving accounts to profiles (enrolling them where the source allows), store the
/// interactions idempotently, review their senders (<see cref="SenderReviewer"/>), and only then advance the cursor. Every step is idempotent and retried through
/// <see cref="StorageRetry"/>, so a storage fault, a lost answer or a crash at any point, followed by another run,
/// stores exactly what one uninterrupted run stores.
/// <list type="bullet">
/// <item>Live sources are scored as of now: each batch asks for its affected profiles before its cursor advances,
/// so no crash can leave a stored reaction without a score request after it.</item>
/// <item>A recorded dataset is scored as of its end (<see cref="ReplayClock"/>), fixed before its first event is
/// stored. Each batch asks for the profiles whose last reaction in the dataset it holds (so each is scored once, when
/// all its reactions are stored, and scores appear while a long replay goes on). When the dataset has been read to its
/// end, the network's other profiles (linked ones, or those of an earlier, shorter replay) are asked for once as of
/// the new end (<em>settling</em>, recorded so that a crash part-way asks again).</item>
/// </list>
/// </summary>
public sealed partial class ActivityPuller(
    IEnumerable<IActivitySource> sources,
    ProfileStore profiles,
    InteractionStore interactions,
    CursorStore cursors,
    ReplayClock replayClock,
    ScoreRequestQueue scoreRequests,
    SenderReviewer reviewer,
    StandingStore standings,
    TombstoneStore tombstones,
    ActivityAdmission admission,
    DatasetSettlement settlement,
    StorageRetry retry,
    SwayTelemetry telemetry,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<ActivityPuller> logger)
{
    private const int SendersAtOnce = 8;
    private readonly IngestionOptions _options = options.Value;

    /// <summary>Called after each batch is stored, for progress reporting.</summary>
    public event Action<PullProgress>? BatchStored;

    /// <summary>
    /// The timer's run: every source, each up to <see cref="IngestionOptions.MaxEventsPerRun"/> events. A source that
    /// fails (a network answering errors or malformed data) does not stop the others: its cursor stays where its last
    /// stored batch left it, and the run fails at the end, naming it.
    /// </summary>
    public async Task<PullReport> PullAsync(CancellationToken cancellationToken)
    {
        var report = PullReport.Empty;
        var failures = new List<Exception>();
        foreach (var source in sources)
        {
            try
            {
                report += await PullAsync(source, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogSourceFailed(logger, ex, source.Name);
                failures.Add(ex);
            }
        }

        return failures.Count == 0
            ? report
            : throw new AggregateException($"{failures.Count} of the sources failed this run; the others were pulled.", failures);
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
            await retry.RunAsync($"set the clock of {source.Network.Name}", ct => replayClock.AdvanceAsync(source.Network, extent.End, nothingReadYet: cursor is null, ct), cancellationToken);
        }

        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var erased = await retry.RunAsync($"read the tombstones of {source.Network.Name}", ct => tombstones.OfNetworkAsync(source.Network.Name, ct), cancellationToken);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var report = PullReport.Empty;
        var exhausted = false;
        for (var batchNumber = 1; report.Read < maxEvents && !exhausted; batchNumber++)
        {
            var size = (int)Math.Min(_options.BatchSize, maxEvents - report.Read);
            var from = cursor;

            // Read once, outside the storage retry: a network that fails (after its own retries) fails its source
            // at once instead of being waited out as a storage outage; storing the batch again is idempotent.
            var batch = await source.ReadAsync(from, size, cancellationToken);
            var step = await retry.RunAsync(
                $"store batch {batchNumber} of {source.Name}",
                ct => StoreBatchAsync(source, from, batch, known, erased, ct),
                cancellationToken);
            cursor = step.Batch.NextCursor;
            exhausted = step.Batch.Exhausted || step.Batch.Interactions.Count == 0;
            touched.UnionWith(step.Affected);
            report += new PullReport(step.Batch.Interactions.Count, step.Stored, 0, step.AskedFor);
            if (step.Batch.Interactions.Count > 0)
            {
                BatchStored?.Invoke(new PullProgress(source.Name, report.Read, report.Stored, touched.Count));
            }
        }

        var settled = extent is not null && exhausted
            ? await settlement.SettleAsync(
                source.Network,
                extent,
                (ids, ct) => retry.RunAsync($"ask for the profiles of {source.Network.Name}", c => scoreRequests.EnqueueAsync(ids, ScoreRequestReason.Activity, c), ct),
                cancellationToken)
            : 0;
        report = report with { Profiles = extent is null ? touched.Count : report.Requests + settled, Requests = report.Requests + settled };

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

    /// <summary>
    /// One batch read, stored idempotently as a whole: store, ask for scores (live: every profile the batch touched;
    /// a dataset: those whose reactions it completes), then advance the cursor.
    /// </summary>
    private async Task<BatchStep> StoreBatchAsync(
        IActivitySource source, string? cursor, ActivityBatch batch, Dictionary<string, string> known, IReadOnlySet<string> erased, CancellationToken cancellationToken)
    {
        var stored = await StoreAsync(source, batch.Interactions, known, erased, cancellationToken);
        await ReviewSendersAsync(source.Network.Name, stored, known, cancellationToken);
        var affected = stored.Select(i => known[i.TargetId]).Distinct(StringComparer.Ordinal).ToList();
        var askFor = batch.Completed is null
            ? affected
            : [.. batch.Completed.Where(known.ContainsKey).Select(a => known[a]).Distinct(StringComparer.Ordinal)];
        var asked = await scoreRequests.EnqueueAsync(askFor, ScoreRequestReason.Activity, cancellationToken);
        if (batch.NextCursor != cursor)
        {
            await cursors.SaveCursorAsync(source.Name, batch.NextCursor, cancellationToken);
        }

        return new BatchStep(batch, stored.Count, affected, asked);
    }

    /// <summary>
    /// Reviews what the batch's senders sent (<see cref="SenderReviewer.ReviewSendingAsync"/>), before any score is asked
    /// for: <see cref="SenderReviewer.BatchSenders"/>. A sender that received reactions in this run is reviewed for
    /// rings too. A sender below that in every batch is left to its nightly scoring, if it has a profile: a query or
    /// two per sender and batch is cheap on Azure, but not on Azurite, whose queries scan the whole table.
    /// </summary>
    private async Task ReviewSendersAsync(string network, IReadOnlyList<Interaction> stored, Dictionary<string, string> known, CancellationToken cancellationToken)
    {
        if (stored.Count == 0)
        {
            return;
        }

        var current = await standings.CurrentAsync(cancellationToken);
        var senders = SenderReviewer.BatchSenders(network, stored, current);
        if (senders.Count == 0)
        {
            return;
        }

        var asOf = await replayClock.AsOfAsync(network, clock.GetUtcNow(), cancellationToken);
        await Parallel.ForEachAsync(
            senders,
            new ParallelOptions { MaxDegreeOfParallelism = SendersAtOnce, CancellationToken = cancellationToken },
            async (actor, ct) => await reviewer.ReviewSendingAsync(network, actor, asOf, hasProfile: known.ContainsKey(actor), ct));
    }

    /// <summary>
    /// Stores the interactions whose receiver has (or, in enrolling sources, gets) a profile, never those received by an
    /// erased account; keeps their senders as <see cref="AccountPseudonym"/> rules; returns what was stored.
    /// </summary>
    private async Task<IReadOnlyList<Interaction>> StoreAsync(
        IActivitySource source, IReadOnlyList<Interaction> batch, Dictionary<string, string> known, IReadOnlySet<string> erased, CancellationToken cancellationToken)
    {
        var network = source.Network.Name;
        var candidates = admission.Candidates(source.Network, batch, erased);
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
                    .Select(a => admission.Enroll(source, a, candidates))
                    .ToList();
                await profiles.SaveAsync(enrolled, cancellationToken);
                foreach (var profile in enrolled)
                {
                    known[profile.Accounts[0].AccountId] = profile.Id;
                }
            }
        }

        var stored = await PseudonymiseAsync(source.Network, [.. candidates.Where(i => known.ContainsKey(i.TargetId))], erased, cancellationToken);
        await interactions.WriteAsync(stored, cancellationToken);
        telemetry.InteractionsStored(source.Network.Name, stored.Count);
        return stored;
    }

    /// <summary>Keeps each sender as <see cref="ActivityAdmission.Kept"/> says (live networks: only linked senders by name).</summary>
    private async Task<List<Interaction>> PseudonymiseAsync(Network network, List<Interaction> stored, IReadOnlySet<string> erased, CancellationToken cancellationToken)
    {
        var linked = network.IsLive
            ? await profiles.FindByAccountsAsync(network.Name, [.. stored.Select(i => i.ActorId).Distinct(StringComparer.Ordinal)], cancellationToken)
            : null;
        return [.. stored.Select(i => admission.Kept(network, i, linked, erased))];
    }

    private sealed record BatchStep(ActivityBatch Batch, int Stored, IReadOnlyList<string> Affected, int AskedFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled {Source}: read {Read}, stored {Stored}, {Profiles} profiles to score")]
    private static partial void LogPulled(ILogger logger, string source, int read, int stored, int profiles);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pulling {Source} failed; its cursor stays where its last stored batch left it")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pulled {Source}: nothing new")]
    private static partial void LogNothingNew(ILogger logger, string source);

}
