using System.Globalization;
using Azure.Data.Tables;
using Sway.Domain;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>
/// The by-sender index spreads each network over 1,024 partitions; rows of the earlier 64-partition layout are moved by
/// the migration, after which a sender's reactions read back as before and a second run moves nothing.
/// </summary>
public sealed class SentLayoutTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_migration_moves_the_earlier_sent_layout_and_each_sender_reads_its_reactions_back()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var interactions = host.Get<InteractionStore>();
        var reactions = Enumerable.Range(0, 300)
            .Select(i => new Interaction($"e{i}", "demo", $"sender {i % 40}", $"t{i % 7}", InteractionType.Reply, null, At.AddMinutes(-i)))
            .ToList();
        await PartitionedWriter.UpsertAsync(host.Storage.Sent, reactions.Select(EarlierRow), 4, Ct);
        await interactions.WriteAsync(reactions.Take(10), Ct); // sent again since: the current layout's row is kept

        var moved = (await host.Get<LayoutMigration>().MigrateAsync(Ct))[StorageNames.SentTable];
        var again = (await host.Get<LayoutMigration>().MigrateAsync(Ct))[StorageNames.SentTable];

        Assert.Equal(300, moved);
        Assert.Equal(0, again);
        var rows = await TableSnapshot.AllAsync(host.Storage.Sent);
        Assert.Equal(300, rows.Count);
        Assert.True(rows.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal).Count() > 30, "the senders spread over partitions");
        foreach (var sender in reactions.GroupBy(r => r.ActorId))
        {
            var read = await interactions.ReadSentAsync("demo", sender.Key, At.AddDays(-1), At, Ct);
            Assert.Equal(sender.OrderBy(r => r.OccurredAt).Select(r => (r.TargetId, r.OccurredAt.UtcTicks)), read);
        }
    }

    /// <summary>A by-sender row as the 64-partition layout wrote it (bucket of the raw sender id, two hex digits).</summary>
    private static TableEntity EarlierRow(Interaction reaction) =>
        new(TableKey.Join(reaction.Network, TableKey.Bucket(reaction.ActorId, 64).ToString("x2", CultureInfo.InvariantCulture)), InteractionStore.SentKey(reaction))
        {
            ["Target"] = reaction.TargetId,
            ["Type"] = reaction.Type.ToString(),
            ["OccurredAt"] = reaction.OccurredAt,
        };
}
