using System.Globalization;
using Sway.Domain;
using Sway.Ingestion;

namespace Sway.Tests.Pipeline;

/// <summary>
/// Hard to game, through the whole pipeline: bots and a ring injected into the demo population score at most 20, and
/// the accounts they pile onto gain at most 1 point from them. Two hosts run the same demo population on the same
/// clock, one with the injection and one without, so every difference in score is the injection's doing.
/// </summary>
public sealed class GamingTests(AzuriteFixture azurite)
{
    private const int DemoAccounts = 200;

    private static readonly (string, string?)[] Demo =
    [
        ("Ingestion:Demo:Enabled", "true"),
        ("Ingestion:Demo:Accounts", DemoAccounts.ToString(CultureInfo.InvariantCulture)),
        ("Ingestion:Demo:ReactionsPerMinute", "3"),
        ("Ingestion:Demo:BackfillDays", "1"),
        ("Scoring:StandingsRefresh", "00:00:00"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Injected_bots_and_a_ring_score_at_most_20_and_lift_their_targets_by_at_most_1_point()
    {
        await using var clean = await SwayTestHost.StartAsync(azurite, Demo);
        await using var gamed = await SwayTestHost.StartAsync(azurite, Demo);
        var now = gamed.Clock.GetUtcNow();
        var injected = Injection(now);

        await PullDemoAsync(clean);
        await PullDemoAsync(gamed);
        await gamed.Get<ActivityPuller>().PullAsync(new InjectedSource(injected), long.MaxValue, Ct);
        await gamed.DrainScoreQueueAsync();
        for (var night = 0; night < 2; night++)
        {
            await NightAsync(clean);
            await NightAsync(gamed);
        }

        var before = await ScoresAsync(clean);
        var after = await ScoresAsync(gamed);
        var bots = injected.Select(i => i.ActorId).ToHashSet(StringComparer.Ordinal);
        Assert.All(bots.Where(after.ContainsKey), bot => Assert.True(after[bot] <= 20, $"bot {bot} scores {after[bot]}"));
        var targets = injected.Select(i => i.TargetId).Where(t => !bots.Contains(t)).ToHashSet(StringComparer.Ordinal);
        Assert.True(targets.Count > 150, $"the injection should reach many real accounts, not {targets.Count}");
        Assert.All(targets, target =>
        {
            var gain = after.GetValueOrDefault(target, 1) - before.GetValueOrDefault(target, 1);
            Assert.True(gain <= 1, $"{target} went from {before.GetValueOrDefault(target, 1)} to {after.GetValueOrDefault(target, 1)}");
        });
    }

    /// <summary>
    /// Three mention bots each mentioning 150 accounts within an hour; a like bot spraying 120 accounts over a day; and
    /// a ring of 10 new accounts replying to and reposting each other, all piling onto one real account.
    /// </summary>
    private static List<Interaction> Injection(DateTimeOffset now)
    {
        var events = new List<Interaction>();
        void Add(string actor, string target, InteractionType type, DateTimeOffset at) =>
            events.Add(new Interaction($"inject-{events.Count}", "demo", actor, target, type, type == InteractionType.Mention ? null : $"{target}-post", at));

        for (var bot = 0; bot < 3; bot++)
        {
            for (var i = 0; i < 150; i++)
            {
                Add($"d{9001 + bot}", SyntheticPopulation.AccountId((i + (bot * 17)) % DemoAccounts), InteractionType.Mention, now.AddHours(-2).AddSeconds((i * 20) + bot));
            }
        }

        for (var i = 0; i < 120; i++)
        {
            Add("d9010", SyntheticPopulation.AccountId((i * 7) % DemoAccounts), InteractionType.Like, now.AddHours(-23).AddMinutes(i * 11));
        }

        var ring = Enumerable.Range(9100, 10).Select(n => $"d{n}").ToList();
        var victim = SyntheticPopulation.AccountId(5);
        for (var round = 0; round < 3; round++)
        {
            foreach (var member in ring)
            {
                foreach (var other in ring.Where(o => o != member))
                {
                    Add(member, other, round % 2 == 0 ? InteractionType.Reply : InteractionType.Repost, now.AddHours(-20 + (round * 6)).AddMinutes(ring.IndexOf(other)));
                }

                Add(member, victim, round % 2 == 0 ? InteractionType.Reply : InteractionType.Repost, now.AddHours(-19 + (round * 6)));
            }
        }

        return events;
    }

    private static async Task PullDemoAsync(SwayTestHost host)
    {
        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();
    }

    private static async Task NightAsync(SwayTestHost host)
    {
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.RunNightlyAsync();
    }

    private static async Task<Dictionary<string, int>> ScoresAsync(SwayTestHost host)
    {
        var rows = await TableSnapshot.AllAsync(host.Storage.Scores.All, "RowKey eq 'current'");
        return rows.ToDictionary(r => r.PartitionKey["demo-".Length..], r => r.GetInt32("Score") ?? 0, StringComparer.Ordinal);
    }

    private sealed class InjectedSource(IReadOnlyList<Interaction> events) : IActivitySource
    {
        public string Name => "injected";

        public Network Network => Networks.Demo;

        public ProfileEnrollment Enrollment => ProfileEnrollment.EveryReceiver;

        public Task<ActivityBatch> ReadAsync(string? cursor, int maxEvents, CancellationToken cancellationToken) =>
            Task.FromResult(cursor is null ? new ActivityBatch(events, "done", Exhausted: true) : new ActivityBatch([], "done", Exhausted: true));

        public Task<DatasetExtent?> MeasureAsync(CancellationToken cancellationToken) => Task.FromResult<DatasetExtent?>(null);

        public LinkedAccount Describe(string accountId) => new("demo", accountId, "injected_" + accountId);
    }
}
