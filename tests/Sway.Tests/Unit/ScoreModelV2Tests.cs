using Sway.Domain;
using Sway.Scoring;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>
/// Model 2.0's rules, whatever its fitted numbers: who reacts matters (standing), discounted reactors lend nothing,
/// networks are measured against their own norms, and the explanation still adds up.
/// </summary>
public sealed class ScoreModelV2Tests
{
    private static readonly ScoreModel Model = ScoreModels.Get("2.0");

    private static ScoreResult Score(IEnumerable<Interaction> received, IReactorStatuses? reactors = null, ScoreModel? model = null, Profile? profile = null) =>
        (model ?? Model).Score(profile ?? MyProfile, received, AsOf, AsOf, reactors);

    [Fact]
    public void A_reaction_from_a_reactor_with_standing_counts_more_than_one_from_an_unknown_reactor()
    {
        var reaction = new[] { Received("star", InteractionType.Repost, AsOf.AddDays(-1)) };

        var unknown = Score(reaction);
        var known = Score(reaction, new Statuses { [("mastodon", "star")] = new ReactorStatus(50, 1, null) });

        Assert.True(known.Explanation.Weight > unknown.Explanation.Weight, $"{known.Explanation.Weight} vs {unknown.Explanation.Weight}");
        Assert.True(known.Score > unknown.Score, $"{known.Score} vs {unknown.Score}");
    }

    [Fact]
    public void An_untrusted_reactor_adds_nothing_and_is_named_as_discounted()
    {
        var fans = Enumerable.Range(0, 8).Select(i => Received($"fan{i}", InteractionType.Reply, AsOf.AddDays(-i - 1))).ToList();
        var bot = Enumerable.Range(0, 5).Select(i => Received("bot", InteractionType.Mention, AsOf.AddHours(-i - 1), post: null)).ToList();
        var statuses = new Statuses { [("mastodon", "bot")] = new ReactorStatus(0, 0, "reacted to 150 accounts within an hour") };

        var without = Score(fans, statuses);
        var with = Score([.. fans, .. bot], statuses);

        Assert.Equal(without.Score, with.Score);
        Assert.Equal(without.Explanation.Weight, with.Explanation.Weight);
        Assert.NotNull(with.Explanation.Discounted);
        Assert.Equal((1, 5), (with.Explanation.Discounted.Reactors, with.Explanation.Discounted.Reactions));
        Assert.Contains(with.Explanation.Discounted.Reasons, r => r.Contains("150 accounts", StringComparison.Ordinal));
        Assert.DoesNotContain(with.Explanation.Amplifiers, a => a.AccountId == "bot");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_explanation_adds_up_exactly_and_shows_what_standing_earned(int seed)
    {
        var received = RandomPopulation(seed);
        var random = new Random(seed);
        var statuses = new Statuses();
        foreach (var actor in received.Select(i => (i.Network, i.ActorId)).Distinct())
        {
            statuses[actor] = new ReactorStatus(random.NextDouble() < 0.3 ? random.NextDouble() * 30 : 0, random.NextDouble() < 0.1 ? 0.5 : 1, null);
        }

        var result = Score(received, statuses, profile: MyProfile with { Accounts = [.. MyProfile.Accounts, new LinkedAccount("bluesky", Me, "me.bsky.social")] });
        var explanation = result.Explanation;

        Assert.Equal(result.Score, explanation.Baseline + explanation.Components.Sum(c => c.Points));
        Assert.InRange(explanation.Components.Sum(c => c.Share), 0.999, 1.001);
        Assert.InRange(explanation.Amplifiers.Sum(a => a.Share), 0, 1.001);
        Assert.NotNull(explanation.Standing);
        Assert.InRange(explanation.Standing.Share, 0.001, 1);
        Assert.InRange(explanation.Standing.Points, 0, result.Score - 1);
        Assert.All(explanation.Amplifiers, a => Assert.NotNull(a.Standing));
    }

    [Fact]
    public void The_same_engagement_relative_to_each_networks_norms_scores_within_3_points()
    {
        var definition = Model.Definition with
        {
            Norms = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["*"] = Model.Definition.Norms!["*"],
                ["mastodon"] = Model.Definition.Norms!["*"].ToDictionary(n => n.Key, n => n.Value),
                ["bluesky"] = Model.Definition.Norms!["*"].ToDictionary(n => n.Key, n => n.Value * 4),
            },
        };
        var model = new ScoreModel(definition);
        List<Interaction> Engagement(string network, int reactors) =>
            [.. Enumerable.Range(0, reactors).SelectMany(r => new[]
            {
                Received($"r{r}", InteractionType.Repost, AsOf.AddDays(-(r % 20)), network: network),
                Received($"r{r}", InteractionType.Reply, AsOf.AddDays(-(r % 20)).AddHours(-1), network: network),
            })];
        var onMastodon = MyProfile;
        var onBluesky = MyProfile with { Accounts = [new LinkedAccount("bluesky", Me, "me.bsky.social")] };

        foreach (var reactors in new[] { 3, 12, 40, 150 })
        {
            var mastodon = Score(Engagement("mastodon", reactors), model: model, profile: onMastodon);
            var bluesky = Score(Engagement("bluesky", reactors * 4), model: model, profile: onBluesky);

            Assert.True(Math.Abs(mastodon.Score - bluesky.Score) <= 3, $"{reactors} reactors: mastodon {mastodon.Score}, bluesky (4× the norm) {bluesky.Score}");
        }
    }

    [Fact]
    public void The_strongest_network_counts_fully_and_a_second_adds_with_less_weight()
    {
        var twoNetworks = MyProfile with { Accounts = [.. MyProfile.Accounts, new LinkedAccount("bluesky", Me, "me.bsky.social")] };
        var strong = Enumerable.Range(0, 30).Select(r => Received($"m{r}", InteractionType.Repost, AsOf.AddDays(-1))).ToList();
        var weak = Enumerable.Range(0, 30).Select(r => Received($"b{r}", InteractionType.Repost, AsOf.AddDays(-1), network: "bluesky")).ToList();

        var one = Score(strong, profile: twoNetworks);
        var both = Score([.. strong, .. weak], profile: twoNetworks);

        Assert.True(both.Explanation.Weight > one.Explanation.Weight);
        Assert.Equal(one.Explanation.Weight * (1 + Model.NetworkFalloff), both.Explanation.Weight, 2);
    }

    [Fact]
    public void Posting_or_sending_a_lot_earns_nothing_under_the_aggregate_path()
    {
        var quiet = new AccountFigures("twitter", new Dictionary<InteractionType, double> { [InteractionType.Repost] = 5 }, null, 1000, 100, 10, 10, new Dictionary<InteractionType, double>());
        var busy = quiet with { Posts = 100_000, Following = 50_000, Sent = new Dictionary<InteractionType, double> { [InteractionType.Mention] = 1e5, [InteractionType.Repost] = 1e5 } };

        Assert.Equal(Model.ScoreFiguresExactly(quiet), Model.ScoreFiguresExactly(busy));
    }

    [Fact]
    public void Every_signal_curve_and_the_calibration_never_decrease()
    {
        foreach (var signal in Model.Signals)
        {
            var previous = 0.0;
            for (var u = 0.0; u < 20; u += 0.01)
            {
                var value = signal.Curve.Evaluate(u);
                Assert.True(value >= previous);
                previous = value;
            }
        }

        var score = 1.0;
        for (var total = 0.0; total < 50; total += 0.01)
        {
            var next = Model.Calibration.ToExactScore(total);
            Assert.True(next >= score);
            score = next;
        }

        Assert.True(Model.Calibration.ToExactScore(1e9) <= 100);
    }

    [Fact]
    public void A_profile_s_standing_is_what_it_received_in_multiples_of_its_networks_norm()
    {
        var received = Enumerable.Range(0, 10).Select(r => Received($"r{r}", InteractionType.Repost, AsOf)).ToList();

        var workings = Model.Evaluate(MyProfile, received, AsOf, AsOf);

        var standing = Assert.Single(workings.Standings);
        var credit = 10 * Model.Saturate(Model.WeightOf(InteractionType.Repost)) * Model.ReactorWeight(ReactorStatus.Unknown);
        var norm = Model.SignalNames.Where((_, i) => Model.Signals[i].IsReaction).Sum(s => Model.NormOf("mastodon", s));
        Assert.Equal(("mastodon", Me), (standing.Network, standing.AccountId));
        Assert.Equal(credit / norm, standing.Standing, 3);
    }

    private sealed class Statuses : Dictionary<(string, string), ReactorStatus>, IReactorStatuses
    {
        public ReactorStatus Of(string network, string accountId) => TryGetValue((network, accountId), out var status) ? status : ReactorStatus.Unknown;
    }
}
