using Azure.Data.Tables;
using Sway.Domain;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>
/// The Accounts index on Azurite: a network's rows spread over 256 partitions, every use of the index still finds,
/// lists and resumes as before, and the earlier layout (one partition per network) is moved over by the migration.
/// </summary>
public sealed class AccountIndexTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_network_spreads_over_bucketed_partitions_and_every_account_is_found_and_listed_exactly_once()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<ProfileStore>();
        var profiles = Enumerable.Range(0, 300).Select(i => Profile($"p{i}", "bluesky", $"did:plc:a{i}", $"a{i}.example.com")).ToList();
        await store.SaveAsync([.. profiles, Profile("m0", "mastodon", "did:plc:a1", "a1.example.com")], Ct);

        var rows = await TableSnapshot.AllAsync(host.Storage.Accounts.All, null);
        var listed = await ListAllAsync(store, "bluesky", pageSize: 7);
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListIdsOnNetworkAsync("bluesky", token, 50, Ct);
            ids.AddRange(page.Ids);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(602, rows.Count);
        Assert.All(rows, r => Assert.Matches("^(bluesky|mastodon)\\|[0-9a-f]{2}$", r.PartitionKey));
        Assert.True(rows.Select(r => r.PartitionKey).Distinct().Count() > 200, "the rows spread over the buckets");
        Assert.Equal(profiles.Select(p => p.Accounts[0].AccountId).Order(StringComparer.Ordinal), listed.Select(a => a.AccountId).Order(StringComparer.Ordinal));
        Assert.Equal(listed.Count, listed.Select(a => a.AccountId).Distinct().Count());
        Assert.Equal(profiles.Select(p => p.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal("p42", await store.FindByHandleAsync("bluesky", "a42.example.com", Ct));
        Assert.Equal("m0", await store.FindByHandleAsync("mastodon", "a1.example.com", Ct));
        Assert.Equal(new LinkedAccount("bluesky", "did:plc:a7", "a7.example.com"), await store.GetLinkedAccountAsync("bluesky", "did:plc:a7", Ct));
        var found = await store.FindByAccountsAsync("bluesky", ["did:plc:a1", "did:plc:a299", "did:plc:nobody"], Ct);
        Assert.Equal(new Dictionary<string, string> { ["did:plc:a1"] = "p1", ["did:plc:a299"] = "p299" }, found);
    }

    [Fact]
    public async Task A_listing_resumed_after_any_account_or_just_below_an_erased_one_goes_on_where_it_was()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<ProfileStore>();
        await store.SaveAsync([.. Enumerable.Range(0, 60).Select(i => Profile($"p{i}", "bluesky", $"did:plc:a{i}", $"a{i}.example.com"))], Ct);
        var all = await ListAllAsync(store, "bluesky", pageSize: 100);

        foreach (var at in new[] { 0, 17, 41, all.Count - 1 })
        {
            var after = await store.ListLinkedAccountsAsync("bluesky", all[at].AccountId, 5, Ct);
            var below = AccountIndexKeys.KeyJustBelow(all[at].AccountId);
            var fromBelow = await store.ListLinkedAccountsAsync("bluesky", below, 5, Ct);

            Assert.Equal(all.Skip(at + 1).Take(5), after);
            Assert.Equal(all.Skip(at).Take(5), fromBelow);
            Assert.DoesNotContain(all[at].AccountId, below, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_migration_moves_the_earlier_layout_keeps_rows_written_since_and_a_second_run_moves_nothing()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<ProfileStore>();
        var accounts = host.Storage.Table(StorageNames.AccountsTable); // the earlier layout was in the home account's table
        var earlier = Enumerable.Range(0, 150).SelectMany(i => EarlierRows("bluesky", $"p{i}", $"did:plc:a{i}", $"a{i}.example.com"))
            .Concat(EarlierRows("mastodon", "m0", "109", "m0@example.social"))
            .ToList();
        await PartitionedWriter.UpsertAsync(accounts, earlier, 4, Ct);
        await store.SaveAsync([Profile("p3-relinked", "bluesky", "did:plc:a3", "a3.example.com")], Ct); // written since, in the new layout

        var moved = (await host.Get<LayoutMigration>().MigrateAsync(Ct))[StorageNames.AccountsTable];
        var again = (await host.Get<LayoutMigration>().MigrateAsync(Ct))[StorageNames.AccountsTable];

        var rows = await TableSnapshot.AllAsync(accounts, null);
        Assert.Equal(earlier.Count, moved);
        Assert.Equal(0, again);
        Assert.Equal(earlier.Count, rows.Count);
        Assert.DoesNotContain(rows, r => AccountIndexKeys.IsEarlierLayout(r.PartitionKey));
        Assert.Equal("p3-relinked", await store.FindByHandleAsync("bluesky", "a3.example.com", Ct));
        Assert.Equal("p149", await store.FindByHandleAsync("bluesky", "a149.example.com", Ct));
        Assert.Equal("m0", (await store.FindByAccountsAsync("mastodon", ["109"], Ct))["109"]);
        Assert.Equal(new LinkedAccount("bluesky", "did:plc:a5", "a5.example.com"), await store.GetLinkedAccountAsync("bluesky", "did:plc:a5", Ct));
        Assert.Equal(150, (await ListAllAsync(store, "bluesky", pageSize: 40)).Count);
        Assert.Equal(2, await store.DeleteIndexAsync(new LinkedAccount("bluesky", "did:plc:a9", "a9.example.com"), Ct));
    }

    internal static IEnumerable<TableEntity> EarlierRows(string network, string profileId, string accountId, string handle)
    {
        yield return new TableEntity(network, AccountIndexKeys.IdRow(accountId)) { ["ProfileId"] = profileId, ["AccountId"] = accountId, ["Handle"] = handle };
        yield return new TableEntity(network, AccountIndexKeys.HandleRow(handle)) { ["ProfileId"] = profileId, ["AccountId"] = accountId };
    }

    private static Profile Profile(string id, string network, string accountId, string handle) =>
        new(id, [new LinkedAccount(network, accountId, handle)], ProfileOrigin.Linked, SwayTestHost.Start);

    private static async Task<List<LinkedAccount>> ListAllAsync(ProfileStore store, string network, int pageSize)
    {
        var all = new List<LinkedAccount>();
        while (true)
        {
            var page = await store.ListLinkedAccountsAsync(network, all.LastOrDefault()?.AccountId, pageSize, Ct);
            if (page.Count == 0)
            {
                return all;
            }

            all.AddRange(page);
        }
    }
}
