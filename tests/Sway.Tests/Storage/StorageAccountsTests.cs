using System.Net;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>
/// The tables that grow with the profiles spread over two storage accounts (<c>Storage:Accounts</c> = 2, the second a
/// second real Azurite): the pipeline stores exactly the rows one account stores, each partition in its account;
/// queries across partitions read every account; <c>sway storage migrate</c> moves partitions when an account is added.
/// </summary>
public sealed class StorageAccountsTests(AzuriteFixture azurite, SecondAccountFixture second) : IClassFixture<SecondAccountFixture>
{
    private static readonly (string, string?)[] Demo =
    [
        ("Ingestion:Demo:Enabled", "true"),
        ("Ingestion:Demo:Accounts", "60"),
        ("Ingestion:Demo:ReactionsPerMinute", "2"),
        ("Ingestion:Demo:BackfillDays", "1"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private (string, string?)[] TwoAccounts(params (string, string?)[] settings) =>
        [.. settings, ("Storage:Accounts", "2"), ("SwayStorage1", second.ConnectionString)];

    [Fact]
    public async Task Two_accounts_store_the_rows_one_account_stores_each_partition_in_its_own_account()
    {
        await using var one = await SwayTestHost.StartAsync(azurite, Demo);
        await using var two = await SwayTestHost.StartAsync(azurite, TwoAccounts(Demo));

        await RunTwoDaysAsync(one);
        await RunTwoDaysAsync(two);

        Assert.Equal(await TableSnapshot.StoredRowsAsync(one.Storage), await TableSnapshot.StoredRowsAsync(two.Storage));
        await AssertEachPartitionInItsAccountAsync(two.Storage);
        Assert.Equal(await LookupAsync(one, 1), await LookupAsync(two, 1));
        Assert.Equal(await LookupAsync(one, 7), await LookupAsync(two, 7));
    }

    [Fact]
    public async Task Adding_an_account_and_migrating_moves_each_partition_to_its_account_and_loses_nothing()
    {
        var prefix = SwayTestHost.NewPrefix();
        List<string> before;
        string lookup;
        await using (var one = await SwayTestHost.StartAsync(azurite, prefix, Demo))
        {
            await RunTwoDaysAsync(one);
            before = await TableSnapshot.StoredRowsAsync(one.Storage);
            lookup = await LookupAsync(one, 3);
        }

        await using var two = await SwayTestHost.StartAsync(azurite, prefix, TwoAccounts(Demo));
        try
        {
            var moved = await two.Get<LayoutMigration>().MigrateAsync(Ct);
            var again = await two.Get<LayoutMigration>().MigrateAsync(Ct);

            Assert.All(StorageNames.SpreadTables, name => Assert.True(moved[name] > 0, $"rows of {name} moved to the second account"));
            Assert.All(again.Values, count => Assert.Equal(0, count));
            Assert.Equal(before, await TableSnapshot.StoredRowsAsync(two.Storage));
            await AssertEachPartitionInItsAccountAsync(two.Storage);
            Assert.Equal(lookup, await LookupAsync(two, 3));
        }
        finally
        {
            await Task.WhenAll(two.Storage.AllTables().Select(t => t.DeleteAsync(Ct)));
        }
    }

    [Fact]
    public async Task Listing_a_networks_accounts_and_profiles_reads_every_account_in_the_order_one_account_gives()
    {
        await using var one = await SwayTestHost.StartAsync(azurite);
        await using var two = await SwayTestHost.StartAsync(azurite, TwoAccounts());
        var profiles = Enumerable.Range(0, 150)
            .Select(i => new Profile($"p{i}", [new LinkedAccount("bluesky", $"did:plc:a{i}", $"a{i}.example.com")], ProfileOrigin.Linked, SwayTestHost.Start))
            .Append(new Profile("m0", [new LinkedAccount("mastodon", "109", "m0@example.social")], ProfileOrigin.Linked, SwayTestHost.Start))
            .ToList();
        await one.Get<ProfileStore>().SaveAsync(profiles, Ct);
        await two.Get<ProfileStore>().SaveAsync(profiles, Ct);

        var accountsOne = await LinkedAccountsAsync(one.Get<ProfileStore>());
        var accountsTwo = await LinkedAccountsAsync(two.Get<ProfileStore>());
        var idsTwo = await ProfileIdsAsync(two.Get<ProfileStore>());

        Assert.Equal(150, accountsOne.Count);
        Assert.Equal(accountsOne, accountsTwo);
        Assert.Equal(profiles.Take(150).Select(p => p.Id).Order(StringComparer.Ordinal), idsTwo.Order(StringComparer.Ordinal));
        Assert.True(
            two.Storage.Accounts.All.Select(t => t.Uri.Authority).Distinct().Count() == 2
            && profiles.Select(p => two.Storage.Profiles.AccountOf(ProfileStore.ShardOf(p.Id))).Distinct().Count() == 2,
            "the profiles are spread over both accounts");
    }

    private static async Task RunTwoDaysAsync(SwayTestHost host)
    {
        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();
        await host.RunNightlyAsync();
    }

    /// <summary>Every row of every spread table is in the table its partition is placed in, and each account holds some.</summary>
    private static async Task AssertEachPartitionInItsAccountAsync(SwayStorage storage)
    {
        foreach (var name in StorageNames.SpreadTables)
        {
            var spread = storage.Spread(name);
            var perAccount = new int[storage.AccountCount];
            foreach (var table in spread.All)
            {
                foreach (var row in await TableSnapshot.AllAsync(table))
                {
                    Assert.Same(spread.Of(row.PartitionKey), table);
                    perAccount[spread.AccountOf(row.PartitionKey)]++;
                }
            }

            Assert.All(perAccount, count => Assert.True(count > 0, $"every account holds rows of {name}"));
        }
    }

    private static async Task<string> LookupAsync(SwayTestHost host, int account)
    {
        var handle = host.Get<IEnumerable<IActivitySource>>().OfType<SyntheticActivitySource>().Single().Population.HandleOf(account);
        var response = await host.Http.GetAsync(new Uri($"/api/scores/demo/{handle}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<List<LinkedAccount>> LinkedAccountsAsync(ProfileStore store)
    {
        var all = new List<LinkedAccount>();
        while (await store.ListLinkedAccountsAsync("bluesky", all.LastOrDefault()?.AccountId, 40, Ct) is { Count: > 0 } page)
        {
            all.AddRange(page);
        }

        return all;
    }

    private static async Task<List<string>> ProfileIdsAsync(ProfileStore store)
    {
        var all = new List<string>();
        string? token = null;
        do
        {
            var (ids, next) = await store.ListIdsOnNetworkAsync("bluesky", token, 25, Ct);
            all.AddRange(ids);
            token = next;
        }
        while (token is not null);

        return all;
    }
}
