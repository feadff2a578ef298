using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Domain;
using Sway.Scoring;
using Sway.Scoring.Senders;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Ingestion;

/// <summary>
/// Loads a recorded dataset in bulk: the same rows the pull path and the score workers store for it
/// (<see cref="ActivityPuller"/>, <see cref="ProfileScorer"/>), reading back only what the scoring checks. The whole dataset is
/// read into memory first; its events go through the puller's rules in the puller's batches (<see cref="ActivityAdmission"/>,
/// <see cref="SenderReviewer"/>, <see cref="IngestionOptions.BatchSize"/>), held in <see cref="HeldActivity"/>; and every
/// <see cref="ReplaySourceOptions.ChunkEvents"/> events, a chunk is written in partition-ordered transactions
/// (profiles and their index, interactions by receiver and by sender, the sender verdicts), its completed profiles are
/// scored from what is held as one batch (<see cref="ProfileScorer.ScoreHeldAsync"/>), and only then the cursor moves.
/// So no reaction is read back: the only queries are the scoring's checks, made once per chunk rather than once per
/// profile (Azurite answers every query by scanning the whole table, so a query per event or per profile would make a
/// replay's cost grow with what it had stored). A crash resumes from the last chunk, and the result depends on the file
/// alone.
/// <para>
/// It holds the network's activity in memory, so it is for dataset networks (<see cref="Network.IsReplay"/>) whose stored
/// activity comes from this file: a second file replayed into the same network goes through the pull path.
/// </para>
/// </summary>
public sealed partial class BulkReplay(
    ProfileStore profiles,
    InteractionStore interactions,
    CursorStore cursors,
    ReplayClock replayClock,
    StandingStore standings,
    TombstoneStore tombstones,
    ActivityAdmission admission,
    DatasetSettlement settlement,
    SenderReviewer reviewer,
    ProfileScorer scorer,
    ScoreModel model,
    StorageRetry retry,
    SwayTelemetry telemetry,
    IOptions<IngestionOptions> options,
    IOptions<StorageOptions> storageOptions,
    TimeProvider clock,
    ILogger<BulkReplay> logger)
{
    private readonly IngestionOptions _options = options.Value;

    /// <summary>Called after each chunk is stored and scored.</summary>
    public event Action<BulkReplayProgress>? ChunkStored;

    /// <summary>Called when the dataset has been read into memory, before the first chunk is written.</summary>
    public event Action<BulkReplayPlan>? Planned;

    /// <summary>Replays <paramref name="source"/> from its stored cursor to its end.</summary>
    public async Task<BulkReplayReport> RunAsync(HiggsReplaySource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var network = source.Network;

        var watch = Stopwatch.StartNew();
        using var activity = SwayTelemetry.StartPull(source.Name);
        var extent = await source.MeasureAsync(cancellationToken) ?? throw new ArgumentException($"{source.Name} has no extent.", nameof(source));
        var cursor = await retry.RunAsync($"read the cursor of {source.Name}", ct => cursors.GetCursorAsync(source.Name, ct), cancellationToken);
        await retry.RunAsync($"set the clock of {network.Name}", ct => replayClock.AdvanceAsync(network, extent.End, nothingReadYet: cursor is null, ct), cancellationToken);
        var asOf = await retry.RunAsync($"read the clock of {network.Name}", ct => replayClock.AsOfAsync(network.Name, clock.GetUtcNow(), ct), cancellationToken);
        var erased = await retry.RunAsync($"read the tombstones of {network.Name}", ct => tombstones.OfNetworkAsync(network.Name, ct), cancellationToken);
        var current = await standings.CurrentAsync(cancellationToken);

        // What earlier runs stored is held as it is, whatever batches they read it in; the rest is read in the puller's
        // batches from the cursor on, as a pull that resumes there would read it.
        var before = await source.ReadBeforeAsync(cursor, cancellationToken);
        var batches = await ReadFromAsync(source, cursor, cancellationToken);
        var found = await FindProfilesAsync(network, extent, firstRun: cursor is null, cancellationToken);
        Planned?.Invoke(new BulkReplayPlan(source.Name, before.Count + batches.Sum(b => b.Interactions.Count), batches.Sum(b => b.Interactions.Count), watch.Elapsed));

        var state = new ReplayState(network, asOf, erased, current, found);
        Admit(source, new ActivityBatch(before, cursor ?? string.Empty, Exhausted: false), state, chunk: null);
        var report = BulkReplayReport.Empty;
        var chunk = new Chunk();
        for (var i = 0; i < batches.Count; i++)
        {
            Admit(source, batches[i], state, chunk);
            if (chunk.Events >= _options.Replay.ChunkEvents || i == batches.Count - 1)
            {
                var chunkWatch = Stopwatch.StartNew();
                var (scored, scoring) = await WriteAsync(source, chunk, state, cancellationToken);
                report += new BulkReplayReport(chunk.Events, chunk.Stored.Count, chunk.Enrolled.Count, scored, 0);
                ChunkStored?.Invoke(new BulkReplayProgress(source.Name, report.Read, chunk.Events, chunk.Stored.Count, chunk.Enrolled.Count, scored, chunkWatch.Elapsed, scoring, watch.Elapsed));
                chunk = new Chunk();
            }
        }

        var settled = await settlement.SettleAsync(network, extent, (ids, ct) => ScoreAsync(ids, state, ct), cancellationToken);
        report = report with { Settled = settled };
        LogReplayed(logger, source.Name, report.Read, report.Stored, report.Scored + report.Settled, watch.Elapsed.TotalSeconds);
        return report;
    }

    /// <summary>The dataset from <paramref name="cursor"/> on, in the puller's batches (each read from the cursor the one before it returned).</summary>
    private async Task<List<ActivityBatch>> ReadFromAsync(HiggsReplaySource source, string? cursor, CancellationToken cancellationToken)
    {
        var batches = new List<ActivityBatch>();
        while (true)
        {
            var batch = await source.ReadAsync(cursor, _options.BatchSize, cancellationToken);
            if (batch.Interactions.Count > 0)
            {
                batches.Add(batch);
            }

            if (batch.Exhausted || batch.Interactions.Count == 0)
            {
                return batches;
            }

            cursor = batch.NextCursor;
        }
    }

    /// <summary>
    /// The profiles already stored for the dataset's receivers. A first run into a network with no profile yet has none
    /// to look for; any other run looks each receiver up in the account index, as the puller does batch by batch.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> FindProfilesAsync(Network network, DatasetExtent extent, bool firstRun, CancellationToken cancellationToken)
    {
        if (firstRun)
        {
            var any = await retry.RunAsync($"look for profiles of {network.Name}", ct => profiles.ListIdsOnNetworkAsync(network.Name, null, 1, ct), cancellationToken);
            if (any.Ids.Count == 0 && any.ContinuationToken is null)
            {
                return new Dictionary<string, string>(StringComparer.Ordinal);
            }
        }

        return await profiles.FindByAccountsAsync(network.Name, [.. extent.Receivers], cancellationToken);
    }

    /// <summary>
    /// One batch through the puller's rules, in memory: what is stored, who is enrolled, which senders are reviewed and
    /// with what verdict, which profiles it completes. What earlier runs wrote (before the stored cursor) is only held
    /// (<paramref name="chunk"/> is null).
    /// </summary>
    private void Admit(HiggsReplaySource source, ActivityBatch batch, ReplayState state, Chunk? chunk)
    {
        var network = source.Network;
        var candidates = admission.Candidates(network, batch.Interactions, state.Erased);
        foreach (var target in candidates.Select(i => i.TargetId).Where(t => !state.Known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList())
        {
            if (state.Found.TryGetValue(target, out var profileId))
            {
                state.Known[target] = profileId;
                continue;
            }

            var profile = admission.Enroll(source, target, candidates);
            state.Known[target] = profile.Id;
            state.Enrolled[profile.Id] = profile;
            chunk?.Enrolled.Add(profile);
        }

        var stored = candidates.Select(i => admission.Kept(network, i, linkedSenders: null, state.Erased)).ToList();
        foreach (var interaction in stored)
        {
            state.Held.Add(interaction);
        }

        if (chunk is not null)
        {
            chunk.Stored.AddRange(stored);
            chunk.Events += batch.Interactions.Count;
            chunk.NextCursor = batch.NextCursor;
            Review(network, stored, state, chunk);
            chunk.Completed.AddRange((batch.Completed ?? []).Where(state.Known.ContainsKey).Select(a => state.Known[a]));
        }
    }

    /// <summary>The puller's sender review of a stored batch (<see cref="SenderReviewer.ReviewSendingAsync"/>), on what is held.</summary>
    private void Review(Network network, List<Interaction> stored, ReplayState state, Chunk chunk)
    {
        if (model.Senders.IsNone || stored.Count == 0)
        {
            return;
        }

        var since = state.AsOf - model.Window;
        foreach (var actor in SenderReviewer.BatchSenders(network.Name, stored, state.Current))
        {
            TableEntity? row;
            if (state.Known.ContainsKey(actor))
            {
                var receivedFrom = reviewer.ReceivedFrom(network.Name, actor, state.AsOf, state.Held.Received(actor, since, state.AsOf));
                if (!reviewer.NeedsReview(receivedFrom, state.Current.Of(network.Name, actor)))
                {
                    continue;
                }

                var (sending, ring) = reviewer.JudgeProfiled(actor, state.Held.Sent(actor, since, state.AsOf), receivedFrom);
                row = standings.VerdictRow(network.Name, actor, sending, ring, state.Current);
            }
            else
            {
                row = standings.VerdictRow(network.Name, actor, reviewer.JudgeSending(actor, state.Held.Sent(actor, since, state.AsOf)), ring: null, state.Current);
            }

            if (row is null)
            {
                continue;
            }

            // Merged as storage merges them: a later review's properties over an earlier one's.
            if (chunk.Verdicts.TryGetValue(actor, out var earlier))
            {
                foreach (var (key, value) in row)
                {
                    earlier[key] = value;
                }
            }
            else
            {
                chunk.Verdicts[actor] = row;
            }
        }
    }

    /// <summary>
    /// Writes a chunk (profiles, interactions, verdicts), scores the profiles it completes, then moves the cursor.
    /// Returns how many it scored, and how long the scoring took.
    /// </summary>
    private async Task<(int Scored, TimeSpan Scoring)> WriteAsync(HiggsReplaySource source, Chunk chunk, ReplayState state, CancellationToken cancellationToken)
    {
        await profiles.SaveAsync(chunk.Enrolled, cancellationToken);
        await interactions.WriteNewAsync(chunk.Stored, cancellationToken);
        telemetry.InteractionsStored(source.Network.Name, chunk.Stored.Count);
        await standings.MergeVerdictsAsync([.. chunk.Verdicts.Values], cancellationToken);
        var completed = chunk.Completed.Distinct(StringComparer.Ordinal).ToList();
        var scoring = Stopwatch.StartNew();
        await ScoreAsync(completed, state, cancellationToken);
        scoring.Stop();
        await retry.RunAsync($"save the cursor of {source.Name}", ct => cursors.SaveCursorAsync(source.Name, chunk.NextCursor ?? throw new InvalidOperationException("A chunk has no cursor."), ct), cancellationToken);
        return (completed.Count, scoring.Elapsed);
    }

    /// <summary>Scores profiles from what is held, as one batch; a profile with an account elsewhere is scored from storage.</summary>
    private async Task ScoreAsync(IReadOnlyList<string> profileIds, ReplayState state, CancellationToken cancellationToken)
    {
        var since = state.AsOf - model.Window;
        var parallelism = storageOptions.Value.WriteParallelism;
        var held = new System.Collections.Concurrent.ConcurrentBag<HeldScoring>();
        await Parallel.ForEachAsync(
            profileIds,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (profileId, ct) =>
            {
                var created = state.Enrolled.TryGetValue(profileId, out var profile);
                profile ??= await retry.RunAsync($"read {profileId}", c => profiles.GetAsync(profileId, c), ct);
                if (profile is null)
                {
                    return;
                }

                if (profile.Accounts.All(a => a.Network == state.Network.Name))
                {
                    held.Add(new HeldScoring(profile, [.. profile.Accounts.SelectMany(a => state.Held.Received(a.AccountId, since, state.AsOf))], created));
                }
                else
                {
                    await retry.RunAsync($"score {profileId}", c => scorer.ScoreAsync(profileId, nightly: false, c), ct);
                }
            });
        await scorer.ScoreHeldAsync([.. held], state.AsOf, parallelism, cancellationToken);
    }

    /// <summary>What a run holds while it goes through the dataset.</summary>
    private sealed class ReplayState(Network network, DateTimeOffset asOf, IReadOnlySet<string> erased, StandingSnapshot current, IReadOnlyDictionary<string, string> found)
    {
        public Network Network { get; } = network;

        public DateTimeOffset AsOf { get; } = asOf;

        public IReadOnlySet<string> Erased { get; } = erased;

        public StandingSnapshot Current { get; } = current;

        /// <summary>Profiles stored before this run, by account.</summary>
        public IReadOnlyDictionary<string, string> Found { get; } = found;

        /// <summary>Receivers met so far, by account: their profile id.</summary>
        public Dictionary<string, string> Known { get; } = new(StringComparer.Ordinal);

        /// <summary>Profiles this run enrolled (held or written).</summary>
        public Dictionary<string, Profile> Enrolled { get; } = new(StringComparer.Ordinal);

        public HeldActivity Held { get; } = new();
    }

    /// <summary>What one chunk writes.</summary>
    private sealed class Chunk
    {
        public int Events { get; set; }

        public string? NextCursor { get; set; }

        public List<Profile> Enrolled { get; } = [];

        public List<Interaction> Stored { get; } = [];

        public Dictionary<string, TableEntity> Verdicts { get; } = new(StringComparer.Ordinal);

        public List<string> Completed { get; } = [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Source} in bulk: read {Read}, stored {Stored}, scored {Scored} profiles in {Seconds:F1} s")]
    private static partial void LogReplayed(ILogger logger, string source, int read, int stored, int scored, double seconds);
}
