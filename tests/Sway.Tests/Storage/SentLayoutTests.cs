using System.Globalization;
using Azure.Data.Tables;
using Sway.Domain;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>
/// Reactions live in sharded tables (<see cref="StorageNames.ShardedTables"/>), the by-sender index spread over 1,024
/// partitions per network. The migration moves what an earlier Sway stored in the single <c>Interactions</c> and
/// <c>Sent</c> tables (by-sender rows of the 64-partition layout and of the 1,024-partition one) into the shards, after
/// which each receiver and each sender reads its reactions back as before, and a second run moves nothing.
/// </summary>
public sealed class SentLayoutTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partition_lives_in_one_shard_and_the_rows_spread_over_all_of_them()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var reactions = Reactions(2_000, senders: 400, receivers: 300);

        await host.Get<InteractionStore>().WriteAsync(reactions, Ct);

        foreach (var table in StorageNames.ShardedTables)
        {
            var stored = 0;
            foreach (var shard in StorageNames.ShardsOf(table))
            {
                var rows = await TableSnapshot.AllAsync(host.Storage.Table(shard));
                Assert.NotEmpty(rows);
                Assert.All(rows, row => Assert.Equal(shard, StorageNames.ShardOf(table, row.PartitionKey)));
                stored += rows.Count;
            }

            Assert.Equal(reactions.Count, stored);
        }
    }

    [Fact]
    public async Task The_migration_moves_the_unsharded_tables_into_their_shards_and_each_account_reads_its_reactions_back()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var interactions = host.Get<InteractionStore>();
        var reactions = Reactions(300, senders: 40, receivers: 7);
        var earlierReceived = host.Storage.Table(StorageNames.InteractionsTable);
        var earlierSent = host.Storage.Table(StorageNames.SentTable);
        await earlierReceived.CreateIfNotExistsAsync(Ct);
        await earlierSent.CreateIfNotExistsAsync(Ct);
        await PartitionedWriter.UpsertAsync(earlierReceived, reactions.Select(InteractionStore.ToEntity), 4, Ct);
        // The by-sender rows in both earlier layouts: the first 150 of 64 partitions, the rest of 1,024 (as the shards use).
        await PartitionedWriter.UpsertAsync(earlierSent, reactions.Take(150).Select(SixtyFourPartitionRow).Concat(reactions.Skip(150).Select(InteractionStore.ToSentEntity)), 4, Ct);
        await interactions.WriteAsync(reactions.Take(10), Ct); // stored again since: the shards' rows are kept

        var moved = await host.Get<LayoutMigration>().MigrateAsync(Ct);
        var again = await host.Get<LayoutMigration>().MigrateAsync(Ct);

        Assert.Equal(300, moved[StorageNames.InteractionsTable]);
        Assert.Equal(300, moved[StorageNames.SentTable]);
        Assert.All(again.Values, n => Assert.Equal(0, n));
        Assert.Empty(await TableSnapshot.AllAsync(earlierReceived));
        Assert.Empty(await TableSnapshot.AllAsync(earlierSent));
        Assert.Equal(300, await TableSnapshot.CountAsync(host.Storage.Interactions.All));
        var sent = await TableSnapshot.AllAsync(host.Storage.Sent.All);
        Assert.Equal(300, sent.Count);
        Assert.True(sent.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal).Count() > 30, "the senders spread over partitions");
        foreach (var sender in reactions.GroupBy(r => r.ActorId))
        {
            var read = await interactions.ReadSentAsync("demo", sender.Key, At.AddDays(-1), At, Ct);
            Assert.Equal(sender.OrderBy(r => r.OccurredAt).Select(r => (r.TargetId, r.OccurredAt.UtcTicks)), read);
        }

        foreach (var receiver in reactions.GroupBy(r => r.TargetId))
        {
            var read = await interactions.ReadReceivedAsync("demo", receiver.Key, At.AddDays(-1), At, Ct).ToListAsync(Ct);
            Assert.Equal(receiver.OrderByDescending(r => r.OccurredAt).Select(r => r.EventId), read.Select(r => r.EventId));
        }
    }

    [Fact]
    public async Task The_migration_finds_nothing_to_move_where_no_earlier_table_exists()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var moved = await host.Get<LayoutMigration>().MigrateAsync(Ct);

        Assert.All(moved.Values, n => Assert.Equal(0, n));
    }

    private static List<Interaction> Reactions(int count, int senders, int receivers) =>
        [.. Enumerable.Range(0, count).Select(i => new Interaction($"e{i}", "demo", $"sender {i % senders}", $"t{i % receivers}", InteractionType.Reply, null, At.AddMinutes(-i)))];

    /// <summary>A by-sender row as the 64-partition layout wrote it (bucket of the raw sender id, two hex digits).</summary>
    private static TableEntity SixtyFourPartitionRow(Interaction reaction) =>
        new(TableKey.Join(reaction.Network, TableKey.Bucket(reaction.ActorId, 64).ToString("x2", CultureInfo.InvariantCulture)), InteractionStore.SentKey(reaction))
        {
            ["Target"] = reaction.TargetId,
            ["Type"] = reaction.Type.ToString(),
            ["OccurredAt"] = reaction.OccurredAt,
        };
}
