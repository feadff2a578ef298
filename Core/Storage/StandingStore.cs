using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sway.Scoring;
using Sway.Scoring.Senders;

namespace Sway.Storage;

/// <summary>
/// Reactor standings and trust, kept per night (a <em>generation</em>, <c>yyyyMMdd</c> of the day it was written).
/// Scorings and sender reviews write today's generation; every scoring reads the <em>current</em> one, which the
/// nightly run moves to the newest generation before today. So within a day every scoring of a profile sees the
/// same standings whatever order the queue delivers in (a replay's result depends on its file and the current
/// generation alone), and each night carries influence one step further: a power iteration spread over nights.
/// <para>
/// Only accounts with a standing of at least <see cref="MinStanding"/> or a trust below 1 get a row, spread over
/// <see cref="Buckets"/> partitions per generation. A scoring therefore needs no read per reactor: a worker reads
/// the current generation whole, in <see cref="Buckets"/> partition queries (paged by 1,000 rows), and keeps it for
/// <see cref="ScoringOptions.StandingsRefresh"/>.
/// </para>
/// </summary>
public sealed class StandingStore(
    SwayStorage storage, StorageRetry retry, ScoreModel model, IOptions<ScoringOptions> options, IOptions<StorageOptions> storageOptions, TimeProvider clock)
{
    /// <summary>
    /// Partitions per generation: at the nightly rescoring of 750 million profiles in 4 hours, 52,100 standing writes a
    /// second over 64 partitions stay below a partition's 2,000 entities a second (docs/scale.md). An earlier Sway used
    /// 16; <see cref="LayoutMigration"/> moves those rows (<see cref="IsEarlierRow"/>).
    /// </summary>
    public const int Buckets = 64;

    /// <summary>Below this standing a reactor weighs within 0.5 % of the floor: it is not stored (it reads as none).</summary>
    public const double MinStanding = 0.05;

    private const string GenerationsPartition = "generations";
    private const string GenerationPrefix = "g";
    private const string CurrentPartition = "current";
    private const string CurrentRow = "generation";

    private readonly ConcurrentDictionary<string, bool> _indexed = new(StringComparer.Ordinal);
    private (StandingSnapshot Snapshot, DateTimeOffset ReadAt)? _cached;

    /// <summary>The generation written at <paramref name="at"/>.</summary>
    public static string GenerationOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The current generation, read at most once per <see cref="ScoringOptions.StandingsRefresh"/> per process.</summary>
    public async Task<StandingSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } cached && now - cached.ReadAt < options.Value.StandingsRefresh)
        {
            return cached.Snapshot;
        }

        // Workers that find it stale at the same moment each read it (a handful of queries); the last one is kept.
        // Each of its queries is retried on its own: one unlucky query of seventeen must not restart the other sixteen.
        var snapshot = await ReadCurrentAsync(cancellationToken);
        _cached = (snapshot, now);
        return snapshot;
    }

    /// <summary>
    /// Records the standings a scoring computed into today's generation: those worth a row, and those that had one in
    /// the current generation (so a fallen standing is written down too).
    /// </summary>
    public async Task SaveStandingsAsync(IReadOnlyList<AccountStanding> standings, StandingSnapshot current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(current);
        var rows = standings
            .Where(s => s.Standing >= MinStanding || current.Holds(s.Network, s.AccountId))
            .Select(s => Row(s.Network, s.AccountId, "Standing", s.Standing))
            .ToList();
        await MergeAsync(rows, cancellationToken);
    }

    /// <summary>
    /// Records a sender review into today's generation, when it is below full trust or the current generation held
    /// less: the verdict on what the account sent (<paramref name="sending"/>) and, from a scoring, on whether it is
    /// part of a ring (<paramref name="ring"/>; null leaves that part as it is). The account's trust is the lower.
    /// </summary>
    public async Task SaveVerdictAsync(string network, string accountId, SenderVerdict sending, SenderVerdict? ring, StandingSnapshot current, CancellationToken cancellationToken)
    {
        if (VerdictRow(network, accountId, sending, ring, current) is { } row)
        {
            await MergeAsync([row], cancellationToken);
        }
    }

    /// <summary>
    /// The row <see cref="SaveVerdictAsync"/> merges into today's generation, or null when it records nothing. A bulk
    /// replay merges the rows of its reviews in memory (a later row's properties over an earlier one's) and stores them
    /// with <see cref="MergeVerdictsAsync"/>.
    /// </summary>
    public TableEntity? VerdictRow(string network, string accountId, SenderVerdict sending, SenderVerdict? ring, StandingSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(sending);
        ArgumentNullException.ThrowIfNull(current);
        var held = current.Of(network, accountId).Trust < 1;
        if (!(sending.Trust < 1 || (ring is not null && ring.Trust < 1) || held))
        {
            return null;
        }

        var row = Row(network, accountId, "SendTrust", Math.Round(sending.Trust, 4));
        row["SendReason"] = sending.Reason ?? string.Empty;
        row["ReviewedAt"] = clock.GetUtcNow();
        if (ring is not null)
        {
            row["RingTrust"] = Math.Round(ring.Trust, 4);
            row["RingReason"] = ring.Reason ?? string.Empty;
        }

        return row;
    }

    /// <summary>Merges verdict rows (<see cref="VerdictRow"/>) into today's generation, in partition-ordered transactions.</summary>
    public Task MergeVerdictsAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken) => MergeAsync(rows, cancellationToken);

    /// <summary>
    /// The nightly step: makes the newest generation written before today current, carries its verdicts of less than
    /// full trust into today's generation (a bot that stopped sending stays discounted until its last review is a
    /// model window old, when the reactions that condemned it have left every window), and drops the generations
    /// older than the current one. Running it twice the same day changes nothing. Returns the current generation
    /// (null if none yet).
    /// </summary>
    public async Task<string?> AdvanceAsync(CancellationToken cancellationToken)
    {
        var today = GenerationOf(clock.GetUtcNow());
        var generations = new List<string>();
        await foreach (var row in storage.Standings.Of(GenerationsPartition).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {GenerationsPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            generations.Add(row.RowKey);
        }

        var current = generations.Where(g => string.CompareOrdinal(g, today) < 0).Order(StringComparer.Ordinal).LastOrDefault();
        if (current is null)
        {
            return null;
        }

        await storage.Standings.Of(CurrentPartition).UpsertEntityAsync(new TableEntity(CurrentPartition, CurrentRow) { ["Generation"] = current }, TableUpdateMode.Replace, cancellationToken);
        _cached = null;
        var since = clock.GetUtcNow() - model.Window;
        var verdicts = (await ReadGenerationAsync(current, cancellationToken))
            .Where(r => (r.SendTrust ?? 1) < 1 || (r.RingTrust ?? 1) < 1)
            .Where(r => r.ReviewedAt is { } at && at > since)
            .Select(r => new TableEntity(string.Empty, r.RowKey)
            {
                ["Network"] = r.Network,
                ["AccountId"] = r.AccountId,
                ["SendTrust"] = r.SendTrust ?? 1,
                ["SendReason"] = r.SendReason ?? string.Empty,
                ["RingTrust"] = r.RingTrust ?? 1,
                ["RingReason"] = r.RingReason ?? string.Empty,
                ["ReviewedAt"] = r.ReviewedAt,
            })
            .ToList();
        await IndexAsync(today, cancellationToken);
        await MergeAsync(verdicts, cancellationToken);
        foreach (var old in generations.Where(g => string.CompareOrdinal(g, current) < 0))
        {
            await DropAsync(old, cancellationToken);
        }

        return current;
    }

    /// <summary>Deletes an account's standing and verdicts from every generation kept; returns how many rows there were.</summary>
    public async Task<int> ForgetAsync(string network, string accountId, CancellationToken cancellationToken)
    {
        var row = TableKey.Join(network, TableKey.Escape(accountId));
        var bucket = TableKey.Bucket(network + TableKey.Separator + accountId, Buckets);
        var forgotten = 0;
        await foreach (var generation in storage.Standings.Of(GenerationsPartition).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {GenerationsPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var response = await storage.Standings.Of(Partition(generation.RowKey, bucket)).DeleteEntityAsync(Partition(generation.RowKey, bucket), row, Azure.ETag.All, cancellationToken);
            forgotten += response.Status == 404 ? 0 : 1;
        }

        _cached = null;
        return forgotten;
    }

    private async Task<StandingSnapshot> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        var pointer = await retry.RunAsync("read the current standings generation", ct => storage.Standings.Of(CurrentPartition).GetEntityIfExistsAsync<TableEntity>(CurrentPartition, CurrentRow, cancellationToken: ct), cancellationToken);
        if (!pointer.HasValue || pointer.Value!.GetString("Generation") is not { } generation)
        {
            return StandingSnapshot.Empty;
        }

        // An account has one row per generation; should a row of an earlier layout not be moved yet, the newer one counts.
        var statuses = (await ReadGenerationAsync(generation, cancellationToken))
            .GroupBy(r => (r.Network, r.AccountId))
            .Select(g => (g.Key, Status: g.MaxBy(r => r.Timestamp)!.ToStatus()))
            .Where(s => s.Status.Standing > 0 || s.Status.Trust < 1)
            .ToFrozenDictionary(s => s.Key, s => s.Status);
        return new StandingSnapshot(generation, statuses);
    }

    private async Task<List<StandingEntity>> ReadGenerationAsync(string generation, CancellationToken cancellationToken)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(bucket => retry.RunAsync($"read the standings of {generation}", async ct =>
        {
            var rows = new List<StandingEntity>();
            await foreach (var row in storage.Standings.Of(Partition(generation, bucket)).QueryAsync<StandingEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(generation, bucket)}"), cancellationToken: ct))
            {
                rows.Add(row);
            }

            return rows;
        }, cancellationToken)));
        return [.. parts.SelectMany(p => p)];
    }

    private async Task MergeAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var generation = GenerationOf(clock.GetUtcNow());
        await IndexAsync(generation, cancellationToken);

        foreach (var row in rows)
        {
            row.PartitionKey = PartitionOf(generation, row);
        }

        await PartitionedWriter.UpsertAsync(storage.Standings.Of, rows, storageOptions.Value.WriteParallelism, cancellationToken, TableTransactionActionType.UpsertMerge, retry);
    }

    /// <summary>Lists a generation once it is begun (by the night that opens it, or its first write), so that the next night moves to it.</summary>
    private async Task IndexAsync(string generation, CancellationToken cancellationToken)
    {
        if (!_indexed.ContainsKey(generation))
        {
            await retry.RunAsync("index a standings generation", ct => storage.Standings.Of(GenerationsPartition).UpsertEntityAsync(new TableEntity(GenerationsPartition, generation), TableUpdateMode.Replace, ct), cancellationToken);
            _indexed[generation] = true;
        }
    }

    private async Task DropAsync(string generation, CancellationToken cancellationToken)
    {
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            var keys = new List<ITableEntity>();
            await foreach (var row in storage.Standings.Of(Partition(generation, bucket)).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(generation, bucket)}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(row);
            }

            await PartitionedWriter.UpsertAsync(storage.Standings.Of, keys, storageOptions.Value.WriteParallelism, cancellationToken, TableTransactionActionType.Delete, retry);
        }

        await storage.Standings.Of(GenerationsPartition).DeleteEntityAsync(GenerationsPartition, generation, cancellationToken: cancellationToken);
    }

    private static TableEntity Row(string network, string accountId, string figure, double value) =>
        new(string.Empty, TableKey.Join(network, TableKey.Escape(accountId)))
        {
            ["Network"] = network,
            ["AccountId"] = accountId,
            [figure] = value,
        };

    private static string Partition(string generation, int bucket) =>
        TableKey.Join(GenerationPrefix + generation, bucket.ToString("x", CultureInfo.InvariantCulture));

    private static string PartitionOf(string generation, TableEntity row) =>
        Partition(generation, TableKey.Bucket(row.GetString("Network") + TableKey.Separator + row.GetString("AccountId"), Buckets));

    /// <summary>Whether a row is an account's row of a generation, in a partition other than the current layout gives it.</summary>
    internal static bool IsEarlierRow(TableEntity row) =>
        GenerationOfRow(row) is { } generation && row.GetString("Network") is not null && row.GetString("AccountId") is not null
        && PartitionOf(generation, row) != row.PartitionKey;

    /// <summary>The partition the current layout gives an account's row of a generation.</summary>
    internal static string PartitionOfRow(TableEntity row) =>
        PartitionOf(GenerationOfRow(row) ?? throw new ArgumentException("Not a generation's row.", nameof(row)), row);

    private static string? GenerationOfRow(TableEntity row) =>
        row.PartitionKey.StartsWith(GenerationPrefix, StringComparison.Ordinal) && row.PartitionKey.IndexOf(TableKey.Separator, StringComparison.Ordinal) is var at and > 0
            ? row.PartitionKey[GenerationPrefix.Length..at]
            : null;
}
