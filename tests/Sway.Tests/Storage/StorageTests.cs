using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>Storage on a real Azurite: keys from outside are encoded, windows are exact, pages are followed to the end.</summary>
public sealed class StorageTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("a/b")]
    [InlineData("back\\slash")]
    [InlineData("hash#tag")]
    [InlineData("what?")]
    [InlineData("bell\u0007")]
    [InlineData("pipe|and%percent")]
    [InlineData("ünïcødé-😀")]
    public async Task Account_ids_with_forbidden_key_characters_are_stored_and_read_back(string accountId)
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<InteractionStore>();
        var at = host.Clock.GetUtcNow().AddMinutes(-5);
        var interaction = new Interaction("evt/" + accountId, "mastodon", "actor#1", accountId, InteractionType.Quote, "post?1", at);

        await store.WriteAsync([interaction], Ct);

        var read = await store.ReadReceivedAsync("mastodon", accountId, at.AddDays(-1), at, Ct).ToListAsync(Ct);
        Assert.Equal(interaction, Assert.Single(read));
    }

    [Fact]
    public async Task Reading_received_interactions_returns_exactly_the_window_newest_first()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<InteractionStore>();
        var asOf = host.Clock.GetUtcNow();
        var times = new[] { -100, -90, -89, -1, 0, 1 }.Select(d => asOf.AddDays(d)).ToList();
        await store.WriteAsync(times.Select((t, i) => new Interaction($"e{i}", "demo", "d9", "d1", InteractionType.Like, null, t)), Ct);

        var read = await store.ReadReceivedAsync("demo", "d1", asOf.AddDays(-90), asOf, Ct).ToListAsync(Ct);

        Assert.Equal([asOf, asOf.AddDays(-1), asOf.AddDays(-89)], read.Select(i => i.OccurredAt));
    }

    [Fact]
    public async Task Writing_the_same_interactions_twice_stores_them_once()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<InteractionStore>();
        var batch = Enumerable.Range(0, 250)
            .Select(i => new Interaction($"e{i}", "demo", $"d{i + 100}", $"d{i % 3}", InteractionType.Repost, null, host.Clock.GetUtcNow().AddMinutes(-i)))
            .ToList();

        await store.WriteAsync(batch, Ct);
        await store.WriteAsync([.. batch, .. batch.Take(10)], Ct);

        Assert.Equal(250, await TableSnapshot.CountAsync(host.Storage.Interactions.All));
    }

    [Fact]
    public async Task Writing_new_interactions_again_after_an_interrupted_bulk_write_replaces_what_is_there()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<InteractionStore>();
        var batch = Enumerable.Range(0, 250)
            .Select(i => new Interaction($"e{i}", "demo", $"d{i % 17}", $"d{i % 3}", InteractionType.Repost, null, host.Clock.GetUtcNow().AddMinutes(-i)))
            .ToList();
        await store.WriteNewAsync(batch.Take(40).Select(i => i with { PostId = "earlier" }).ToList(), Ct);

        await store.WriteNewAsync(batch, Ct);

        var received = await TableSnapshot.AllAsync(host.Storage.Interactions.All);
        Assert.Equal(250, received.Count);
        Assert.DoesNotContain(received, r => r.GetString("PostId") == "earlier");
        Assert.Equal(250, await TableSnapshot.CountAsync(host.Storage.Sent.All));
    }

    [Fact]
    public async Task Existing_profiles_are_found_among_many_ids_with_one_query_per_partition()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<ProfileStore>();
        var profiles = Enumerable.Range(1, 600)
            .Select(i => new Profile($"demo-d{i}", [new LinkedAccount("demo", $"d{i}", $"user_{i}")], ProfileOrigin.Demo, host.Clock.GetUtcNow()))
            .ToList();
        await store.SaveAsync(profiles, Ct);
        await store.DeleteAsync("demo-d7", Ct);
        var asked = profiles.Where((_, i) => i % 2 == 0).Select(p => p.Id).Append("demo-never").ToList();

        var existing = await store.ExistingAsync(asked, Ct);

        Assert.Equal(asked.Where(id => id is not ("demo-d7" or "demo-never")).Order(StringComparer.Ordinal), existing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Nightly_rescore_fans_out_over_every_shard_and_running_it_twice_leaves_one_history_row_each()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, ("Schedules:RescorePageSize", "2"), ("Schedules:ShardPagesPerMessage", "1"));
        var profiles = Enumerable.Range(1, 230)
            .Select(i => new Profile($"demo-d{i}", [new LinkedAccount("demo", $"d{i}", $"user_{i}")], ProfileOrigin.Demo, host.Clock.GetUtcNow()))
            .ToList();
        await host.Get<ProfileStore>().SaveAsync(profiles, Ct);

        var first = await host.Get<NightlyRescorer>().RunAsync(Ct);
        var second = await host.Get<NightlyRescorer>().RunAsync(Ct);
        await host.DrainShardQueueAsync();
        await host.DrainScoreQueueAsync();

        Assert.Equal(256, first);
        Assert.Equal(256, second);
        Assert.Equal(230, await TableSnapshot.CountAsync(host.Storage.Scores.All, "RowKey eq 'current'"));
        Assert.Equal(230, await TableSnapshot.CountAsync(host.Storage.Scores.All, "RowKey ne 'current'"));
    }

    [Fact]
    public async Task Saving_a_profile_indexes_its_accounts_by_id_and_by_handle()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var store = host.Get<ProfileStore>();
        var profile = new Profile("linked-dora", [new LinkedAccount("mastodon", "1", "dora@x.social"), new LinkedAccount("bluesky", "did:plc:d", "dora.bsky.social")], ProfileOrigin.Linked, host.Clock.GetUtcNow());

        await store.SaveAsync([profile], Ct);

        Assert.Equal(profile with { Accounts = [.. profile.Accounts] }, await store.GetAsync("linked-dora", Ct), ProfileComparer.Instance);
        Assert.Equal("linked-dora", await store.FindByHandleAsync("bluesky", "dora.bsky.social", Ct));
        Assert.Equal("linked-dora", (await store.FindByAccountsAsync("mastodon", ["1", "2"], Ct))["1"]);
        Assert.Null(await store.FindByHandleAsync("mastodon", "dora.bsky.social", Ct));
    }

    private sealed class ProfileComparer : IEqualityComparer<Profile?>
    {
        public static ProfileComparer Instance { get; } = new();

        public bool Equals(Profile? x, Profile? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Origin == y.Origin && x.CreatedAt == y.CreatedAt && x.Accounts.SequenceEqual(y.Accounts);

        public int GetHashCode(Profile? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
