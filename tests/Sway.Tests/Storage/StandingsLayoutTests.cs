using System.Globalization;
using Azure.Data.Tables;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>
/// A night's standings spread over 64 partitions; rows an earlier Sway wrote over 16 are moved by the migration, after
/// which the night reads back as it was written, an erasure forgets the account, and a second run moves nothing.
/// </summary>
public sealed class StandingsLayoutTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_migration_moves_standings_of_the_16_partition_layout_and_the_night_reads_back_as_written()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, ("Scoring:StandingsRefresh", "00:00:00"));
        var store = host.Get<StandingStore>();
        var generation = StandingStore.GenerationOf(host.Clock.GetUtcNow());
        var accounts = Enumerable.Range(0, 120).Select(i => $"a{i}").ToList();
        var table = host.Storage.Table(StorageNames.StandingsTable); // the earlier layout was in the home account's table
        await PartitionedWriter.UpsertAsync(table, accounts.Select(a => EarlierRow(generation, a, standing: 2 + (a.Length % 3))), 4, Ct);
        await table.UpsertEntityAsync(new TableEntity("generations", generation), cancellationToken: Ct);
        await store.SaveStandingsAsync([new AccountStanding("demo", "a7", 9)], StandingSnapshot.Empty, Ct); // written since: kept
        host.Clock.Advance(TimeSpan.FromDays(1));

        var moved = (await host.Get<LayoutMigration>().MigrateAsync(Ct))[StorageNames.StandingsTable];
        var again = (await host.Get<LayoutMigration>().MigrateAsync(Ct))[StorageNames.StandingsTable];
        await store.AdvanceAsync(Ct);
        var night = await store.CurrentAsync(Ct);
        var forgotten = await store.ForgetAsync("demo", "a3", Ct);
        var afterErasure = await store.CurrentAsync(Ct);

        // A row moves unless its bucket of 64 is below 16, where both layouts name the same partition.
        Assert.Equal(accounts.Count(a => TableKey.Bucket("demo" + TableKey.Separator + a, 64) >= 16), moved);
        Assert.Equal(0, again);
        Assert.Equal(9, night.Of("demo", "a7").Standing);
        Assert.All(accounts.Where(a => a != "a7"), a => Assert.Equal(2 + (a.Length % 3), night.Of("demo", a).Standing));
        Assert.Equal(1, forgotten);
        Assert.False(afterErasure.Holds("demo", "a3"));
        var rows = await TableSnapshot.AllAsync(table, $"PartitionKey ge 'g{generation}|' and PartitionKey lt 'g{generation}}}'");
        Assert.Equal(119, rows.Count);
        Assert.True(rows.Select(r => r.PartitionKey).Distinct(StringComparer.Ordinal).Count() > 16, "the night spreads over more than 16 partitions");
    }

    /// <summary>A standing row as the 16-partition layout wrote it (bucket of network|account, one hex digit).</summary>
    private static TableEntity EarlierRow(string generation, string accountId, double standing) =>
        new(TableKey.Join("g" + generation, TableKey.Bucket("demo" + TableKey.Separator + accountId, 16).ToString("x", CultureInfo.InvariantCulture)), TableKey.Join("demo", TableKey.Escape(accountId)))
        {
            ["Network"] = "demo",
            ["AccountId"] = accountId,
            ["Standing"] = standing,
        };
}
