using Azure.Data.Tables;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Tests.Pipeline;

/// <summary>
/// The nightly fan-out (timer → one message per Profiles shard → 32-id score batches → scoring) is at least once and
/// idempotent: duplicates of shards or batches leave one history row per profile and day, and a profile that cannot be
/// scored is poisoned alone.
/// </summary>
public sealed class NightlyFanOutTests(AzuriteFixture azurite)
{
    private const string DayRows = "RowKey gt 'day|' and RowKey lt 'day}'";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_shard_handled_twice_and_a_batch_delivered_twice_leave_one_history_row_per_profile()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var ids = await SeedAsync(host, 120);

        var shards = host.Get<RescoreShardQueue>();
        await shards.EnqueueAsync(ProfileStore.Shards, Ct);
        await shards.EnqueueAsync(ProfileStore.Shards, Ct);
        await host.Get<ScoreRequestQueue>().EnqueueAsync(ids.Take(ScoreRequest.MaxProfiles), ScoreRequestReason.Nightly, Ct);
        await host.Get<ScoreRequestQueue>().EnqueueAsync(ids.Take(ScoreRequest.MaxProfiles), ScoreRequestReason.Nightly, Ct);
        var shardDeliveries = await host.DrainShardQueueAsync();
        await host.DrainScoreQueueAsync();

        Assert.Equal(2 * ProfileStore.Shards.Count, shardDeliveries);
        var days = await TableSnapshot.AllAsync(host.Storage.Scores.All, DayRows);
        Assert.Equal(ids.Order(StringComparer.Ordinal), days.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_shard_larger_than_one_message_hands_its_rest_on_and_every_profile_in_it_is_scored_once()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, ("Schedules:RescorePageSize", "4"), ("Schedules:ShardPagesPerMessage", "2"));
        var ids = Enumerable.Range(0, 20_000).Select(i => $"demo-s{i}").Where(id => ProfileStore.ShardOf(id) == "00").Take(25).ToList();
        Assert.Equal(25, ids.Count);
        await host.Get<ProfileStore>().SaveAsync([.. ids.Select(Demo(host))], Ct);

        var first = await host.Get<ShardRescorer>().RescoreAsync(new RescoreShardRequest("00"), Ct);
        var continuations = await host.DrainShardQueueAsync();
        await host.DrainScoreQueueAsync();

        Assert.Equal(8, first);
        Assert.Equal(3, continuations); // 25 profiles, 8 a message: 8 + 8 + 8 + 1
        var days = await TableSnapshot.AllAsync(host.Storage.Scores.All, DayRows);
        Assert.Equal(ids.Order(StringComparer.Ordinal), days.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_batch_with_one_profile_that_cannot_be_scored_scores_its_neighbours_once_and_poisons_that_profile_alone()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var ids = await SeedAsync(host, 5);
        const string Broken = "demo-broken";
        await host.Storage.Profiles.Of(ProfileStore.ShardOf(Broken)).AddEntityAsync(
            new TableEntity(ProfileStore.ShardOf(Broken), Broken) { ["Origin"] = "NoSuchOrigin", ["Accounts"] = "[]", ["CreatedAt"] = host.Clock.GetUtcNow() },
            Ct);

        await host.Get<ScoreRequestQueue>().EnqueueAsync([ids[0], ids[1], Broken, ids[2]], ScoreRequestReason.Nightly, Ct);
        var deliveries = await host.DrainScoreQueueAsync();

        Assert.Equal(1 + 5, deliveries); // the batch once, then the broken profile alone, maxDequeueCount (5) times
        var days = await TableSnapshot.AllAsync(host.Storage.Scores.All, DayRows);
        Assert.Equal(ids.Take(3).Order(StringComparer.Ordinal), days.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
        var poisoned = (await host.Storage.PoisonOf(host.Storage.ScoreRequests).ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        var message = Assert.Single(poisoned);
        Assert.True(ScoreRequest.TryParse(message.Body.ToString(), out var request, out _));
        Assert.Equal(new ScoreRequest(Broken, ScoreRequestReason.Nightly), request);
    }

    [Fact]
    public async Task A_single_profile_message_that_keeps_failing_reaches_the_poison_queue_after_max_dequeue_count()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, ("QueueWorker:MaxDequeueCount", "3"));
        const string Broken = "demo-broken";
        await host.Storage.Profiles.Of(ProfileStore.ShardOf(Broken)).AddEntityAsync(
            new TableEntity(ProfileStore.ShardOf(Broken), Broken) { ["Origin"] = "NoSuchOrigin", ["Accounts"] = "[]", ["CreatedAt"] = host.Clock.GetUtcNow() },
            Ct);

        await host.Get<ScoreRequestQueue>().EnqueueAsync([Broken], ScoreRequestReason.Nightly, Ct);
        var deliveries = await host.DrainScoreQueueAsync();

        Assert.Equal(3, deliveries);
        var poisoned = (await host.Storage.PoisonOf(host.Storage.ScoreRequests).ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.Equal(new ScoreRequest(Broken, ScoreRequestReason.Nightly), ScoreRequest.TryParse(Assert.Single(poisoned).Body.ToString(), out var r, out _) ? r : null);
    }

    /// <summary>Stores demo profiles (one account each, as the demo enrolls them); returns their ids.</summary>
    internal static async Task<List<string>> SeedAsync(SwayTestHost host, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"demo-f{i}").ToList();
        await host.Get<ProfileStore>().SaveAsync([.. ids.Select(Demo(host))], Ct);
        return ids;
    }

    private static Func<string, Profile> Demo(SwayTestHost host) =>
        id => new Profile(id, [new LinkedAccount("demo", id["demo-".Length..], "user_" + id["demo-".Length..])], ProfileOrigin.Demo, host.Clock.GetUtcNow());
}
