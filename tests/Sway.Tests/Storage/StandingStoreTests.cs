using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Sway.Domain;
using Sway.Scoring;
using Sway.Scoring.Senders;
using Sway.Storage;
using Sway.Storage.Faults;
using Sway.Tests.Reliability;

namespace Sway.Tests.Storage;

/// <summary>
/// Standings per night on Azurite: a scoring reads them in a bounded number of queries however many reactors it has,
/// today's writes wait for the next night, and old nights are dropped.
/// </summary>
public sealed class StandingStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scoring_a_profile_with_600_reactors_reads_the_standings_in_one_query_per_partition_and_then_from_memory()
    {
        var requests = new ConcurrentQueue<HttpRequestMessage>();
        var counting = new StorageFaultInjector(new StorageFaultOptions { Rate = 0.5 }, r => { requests.Enqueue(r); return StorageFault.None; }, new SocketsHttpHandler());
        await using var host = await SwayTestHost.StartAsync(azurite, SwayTestHost.NewPrefix(), s => s.AddSingleton(counting), AimedFault.On);
        var store = host.Get<StandingStore>();
        var now = host.Clock.GetUtcNow();
        await store.SaveStandingsAsync([.. Enumerable.Range(0, 400).Select(i => new AccountStanding("mastodon", $"fan{i}", 2 + (i % 7)))], StandingSnapshot.Empty, Ct);
        host.Clock.Advance(TimeSpan.FromDays(1));
        await store.AdvanceAsync(Ct);
        var received = Enumerable.Range(0, 600).Select(i => new Interaction($"e{i}", "mastodon", $"fan{i}", "star", InteractionType.Repost, "p1", now.AddHours(-i % 48))).ToArray();
        await host.LinkAsync("star", [new LinkedAccount("mastodon", "star", "star@a.social")], received);

        requests.Clear();
        var first = await host.Get<ProfileScorer>().ScoreAsync("star", nightly: false, Ct);
        var firstReads = requests.Count(IsStandingsRead);
        requests.Clear();
        await host.Get<ProfileScorer>().ScoreAsync("star", nightly: false, Ct);
        var secondReads = requests.Count(IsStandingsRead);

        Assert.NotNull(first);
        Assert.InRange(firstReads, 1, 1 + StandingStore.Buckets);
        Assert.Equal(0, secondReads);
        Assert.All(first.Explanation.Amplifiers, a => Assert.InRange(a.Standing ?? 0, 2, 8));
        Assert.True(first.Explanation.Standing!.Points > 0);

        bool IsStandingsRead(HttpRequestMessage r) =>
            r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.Contains(host.Prefix + StorageNames.StandingsTable, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task What_is_written_today_counts_from_the_next_night_on_verdicts_last_a_window_and_older_nights_are_dropped()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, ("Scoring:StandingsRefresh", "00:00:00"));
        var store = host.Get<StandingStore>();

        await store.SaveStandingsAsync([new AccountStanding("demo", "d1", 3)], StandingSnapshot.Empty, Ct);
        await store.SaveVerdictAsync("demo", "d2", new SenderVerdict(0, "reacted to 150 accounts within an hour"), ring: null, StandingSnapshot.Empty, Ct);
        var sameDay = await store.CurrentAsync(Ct);
        host.Clock.Advance(TimeSpan.FromDays(1));
        var firstNight = await store.AdvanceAsync(Ct);
        var next = await store.CurrentAsync(Ct);
        await store.SaveStandingsAsync([new AccountStanding("demo", "d1", 5)], next, Ct);
        host.Clock.Advance(TimeSpan.FromDays(1));
        var secondNight = await store.AdvanceAsync(Ct);
        var again = await store.AdvanceAsync(Ct);
        var last = await store.CurrentAsync(Ct);
        host.Clock.Advance(TimeSpan.FromDays(91));
        await store.AdvanceAsync(Ct);
        host.Clock.Advance(TimeSpan.FromDays(1));
        await store.AdvanceAsync(Ct);
        var expired = await store.CurrentAsync(Ct);

        Assert.Equal(0, sameDay.Count);
        Assert.Equal(StandingStore.GenerationOf(SwayTestHost.Start), firstNight);
        Assert.Equal(new ReactorStatus(3, 1, null), next.Of("demo", "d1"));
        Assert.Equal(new ReactorStatus(0, 0, "reacted to 150 accounts within an hour"), next.Of("demo", "d2"));
        Assert.Equal(secondNight, again);
        Assert.Equal(new ReactorStatus(5, 1, null), last.Of("demo", "d1"));
        Assert.Equal(0, last.Of("demo", "d2").Trust);
        Assert.Equal(ReactorStatus.Unknown, expired.Of("demo", "d2"));
        var partitions = (await TableSnapshot.AllAsync(host.Storage.Standings.All)).Select(r => r.PartitionKey).Distinct().ToList();
        Assert.DoesNotContain(partitions, p => p.StartsWith("g" + firstNight, StringComparison.Ordinal));
    }
}
