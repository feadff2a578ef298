using Sway.Domain;
using Sway.Scoring;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>Scoring rules of <see cref="ScoreModel.V1"/>: what counts, how much, and how the score is explained.</summary>
public sealed class ScoreModelTests
{
    private static readonly ScoreModel Model = ScoreModel.V1;

    private static ScoreResult Score(IEnumerable<Interaction> received) => Model.Score(MyProfile, received, AsOf, AsOf);

    [Fact]
    public void Score_is_1_with_an_empty_explanation_when_nobody_reacted()
    {
        var result = Score([]);

        Assert.Equal(1, result.Score);
        Assert.Equal(1, result.Explanation.Baseline);
        Assert.Empty(result.Explanation.Components);
        Assert.Empty(result.Explanation.TopPosts);
        Assert.Empty(result.Explanation.Amplifiers);
        Assert.Equal(0, result.Explanation.Reactions);
    }

    [Fact]
    public void Score_carries_the_profile_model_version_and_both_times()
    {
        var computedAt = AsOf.AddMinutes(5);

        var result = Model.Score(MyProfile with { Id = "higgs-88" }, [Received("a", InteractionType.Reply, AsOf.AddDays(-1))], AsOf, computedAt);

        Assert.Equal("higgs-88", result.ProfileId);
        Assert.Equal(Model.Version, result.ModelVersion);
        Assert.Equal(AsOf, result.AsOf);
        Assert.Equal(computedAt, result.ComputedAt);
    }

    [Fact]
    public void A_reply_outweighs_a_like()
    {
        var at = AsOf.AddDays(-1);

        var reply = Score([Received("a", InteractionType.Reply, at)]);
        var like = Score([Received("a", InteractionType.Like, at)]);

        Assert.True(reply.Explanation.Weight > like.Explanation.Weight);
        Assert.True(reply.Score > like.Score, $"reply {reply.Score} vs like {like.Score}");
    }

    [Fact]
    public void Reaction_types_weigh_reply_and_quote_over_repost_over_mention_over_like()
    {
        var weights = new[] { InteractionType.Reply, InteractionType.Quote, InteractionType.Repost, InteractionType.Mention, InteractionType.Like }
            .Select(type => Score([Received("a", type, AsOf.AddDays(-1))]).Explanation.Weight)
            .ToList();

        Assert.Equal(weights[0], weights[1]);
        Assert.True(weights[1] > weights[2] && weights[2] > weights[3] && weights[3] > weights[4], string.Join(", ", weights));
    }

    [Fact]
    public void One_reactor_reacting_50_times_counts_less_than_50_reactors_reacting_once()
    {
        var at = AsOf.AddDays(-1);
        var oneReactor = Enumerable.Range(0, 50).Select(i => Received("fan", InteractionType.Like, at, post: $"p{i}"));
        var manyReactors = Enumerable.Range(0, 50).Select(i => Received($"a{i}", InteractionType.Like, at, post: $"p{i}"));

        var fan = Score(oneReactor);
        var crowd = Score(manyReactors);

        Assert.True(fan.Explanation.Weight < crowd.Explanation.Weight);
        Assert.True(fan.Score < crowd.Score, $"one reactor {fan.Score} vs fifty {crowd.Score}");
    }

    [Fact]
    public void One_reactor_never_contributes_more_than_the_reactor_saturation()
    {
        var flood = Enumerable.Range(0, 1_000).Select(i => Received("bot", InteractionType.Reply, AsOf.AddMinutes(-i), post: $"p{i}"));

        var result = Score(flood);

        Assert.True(result.Explanation.Weight <= Model.ReactorSaturation, $"{result.Explanation.Weight} > {Model.ReactorSaturation}");
        Assert.Equal(1, result.Explanation.Reactors);
    }

    [Fact]
    public void More_reactions_from_the_same_reactor_never_lower_the_score()
    {
        var scores = Enumerable.Range(1, 40)
            .Select(n => Score(Enumerable.Range(0, n).Select(i => Received("fan", InteractionType.Repost, AsOf.AddHours(-i)))))
            .Select(r => (r.Score, r.Explanation.Weight))
            .ToList();

        for (var n = 1; n < scores.Count; n++)
        {
            Assert.True(scores[n].Score >= scores[n - 1].Score, $"score drops at {n + 1} reactions");
            Assert.True(scores[n].Weight >= scores[n - 1].Weight, $"weight drops at {n + 1} reactions");
        }
    }

    [Fact]
    public void The_same_account_id_on_two_networks_is_two_reactors()
    {
        var at = AsOf.AddDays(-1);

        var result = Score([
            Received("alice", InteractionType.Reply, at, network: "mastodon"),
            Received("alice", InteractionType.Reply, at, network: "bluesky"),
        ]);

        Assert.Equal(2, result.Explanation.Reactors);
        Assert.Equal(2, result.Explanation.Amplifiers.Count);
    }

    [Fact]
    public void Older_reactions_score_lower_than_the_same_reactions_received_recently()
    {
        var recent = Enumerable.Range(0, 20).Select(i => Received($"a{i}", InteractionType.Reply, AsOf.AddDays(-1)));
        var older = Enumerable.Range(0, 20).Select(i => Received($"a{i}", InteractionType.Reply, AsOf.AddDays(-40)));

        var fresh = Score(recent);
        var faded = Score(older);

        Assert.True(faded.Explanation.Weight < fresh.Explanation.Weight);
        Assert.True(faded.Score <= fresh.Score);
    }

    [Fact]
    public void A_reaction_weighs_half_as_much_after_one_half_life()
    {
        // A saturation far above any single reaction makes the per-reactor curve linear for this check.
        var linear = new ScoreModel("test", new Dictionary<InteractionType, double> { [InteractionType.Reply] = 3 }, Model.HalfLife, Model.Window, 1e9, Model.Calibration);

        var now = linear.Score(MyProfile, [Received("a", InteractionType.Reply, AsOf)], AsOf, AsOf).Explanation.Weight;
        var aged = linear.Score(MyProfile, [Received("a", InteractionType.Reply, AsOf - Model.HalfLife)], AsOf, AsOf).Explanation.Weight;

        Assert.Equal(now / 2, aged, 3);
    }

    [Fact]
    public void Score_ignores_reactions_outside_the_window_or_after_as_of()
    {
        var counted = Enumerable.Range(0, 10).Select(i => Received($"a{i}", InteractionType.Reply, AsOf.AddDays(-i))).ToList();
        var ignored = new[]
        {
            Received("old", InteractionType.Reply, AsOf - Model.Window),
            Received("older", InteractionType.Reply, AsOf - Model.Window - TimeSpan.FromDays(30)),
            Received("future", InteractionType.Reply, AsOf.AddTicks(1)),
            Received("later", InteractionType.Reply, AsOf.AddDays(2)),
        };

        var without = Score(counted);
        var with = Score([.. counted, .. ignored]);

        Assert.Equal(without.Score, with.Score);
        Assert.Equal(without.Explanation.Weight, with.Explanation.Weight);
        Assert.Equal(counted.Count, with.Explanation.Reactions);
    }

    [Fact]
    public void Score_counts_reactions_at_as_of_and_just_inside_the_window()
    {
        var result = Score([
            Received("now", InteractionType.Reply, AsOf),
            Received("edge", InteractionType.Reply, AsOf - Model.Window + TimeSpan.FromSeconds(1)),
        ]);

        Assert.Equal(2, result.Explanation.Reactions);
        Assert.True(result.Score > 1);
    }

    [Fact]
    public void Score_gives_nothing_for_the_profile_reacting_to_its_own_posts()
    {
        var result = Score(Enumerable.Range(0, 30).Select(i => Received(Me, InteractionType.Reply, AsOf.AddHours(-i))));

        Assert.Equal(1, result.Score);
        Assert.Equal(0, result.Explanation.Reactions);
    }

    [Fact]
    public void Self_reactions_do_not_change_the_score_of_others_reactions()
    {
        var others = Enumerable.Range(0, 10).Select(i => Received($"a{i}", InteractionType.Repost, AsOf.AddDays(-i))).ToList();
        var own = Enumerable.Range(0, 50).Select(i => Received(Me, InteractionType.Quote, AsOf.AddHours(-i)));

        var without = Score(others);
        var with = Score([.. others, .. own]);

        Assert.Equal(without.Score, with.Score);
        Assert.Equal(without.Explanation.Weight, with.Explanation.Weight);
        Assert.DoesNotContain(with.Explanation.Amplifiers, a => a.AccountId == Me);
    }

    [Fact]
    public void Score_ignores_reactions_from_the_profiles_other_linked_accounts()
    {
        var twoAccounts = MyProfile with { Accounts = [.. MyProfile.Accounts, new LinkedAccount("bluesky", "did:plc:me", "me.bsky.social")] };
        var fromMyOtherAccount = Received("did:plc:me", InteractionType.Repost, AsOf.AddHours(-1), network: "bluesky", target: "did:plc:elsewhere");
        var fromSomeoneElse = Received("a", InteractionType.Repost, AsOf.AddHours(-1));

        var result = Model.Score(twoAccounts, [fromMyOtherAccount, fromSomeoneElse], AsOf, AsOf);

        Assert.Equal(Score([fromSomeoneElse]).Explanation.Weight, result.Explanation.Weight);
        Assert.DoesNotContain(result.Explanation.Amplifiers, a => a.AccountId == "did:plc:me");
    }

    [Fact]
    public void Explanation_baseline_plus_component_points_equals_the_score()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var result = Score(RandomPopulation(seed));

            var explained = result.Explanation.Baseline + result.Explanation.Components.Sum(c => c.Points);
            Assert.True(explained == result.Score, $"seed {seed}: baseline + points = {explained}, score = {result.Score}");
        }
    }

    [Fact]
    public void Explanation_component_shares_sum_to_one()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var components = Score(RandomPopulation(seed)).Explanation.Components;
            if (components.Count == 0)
            {
                continue;
            }

            var sum = components.Sum(c => c.Share);
            Assert.True(Math.Abs(sum - 1) <= (components.Count * 0.00005) + 1e-9, $"seed {seed}: shares sum to {sum}");
            Assert.All(components, c => Assert.InRange(c.Points, 0, 99));
        }
    }

    [Fact]
    public void Explanation_counts_every_reaction_and_reactor_that_counted()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var population = RandomPopulation(seed);
            var counting = population
                .Where(i => i.OccurredAt > AsOf - Model.Window && i.OccurredAt <= AsOf && i.ActorId != i.TargetId)
                .ToList();

            var explanation = Score(population).Explanation;

            Assert.Equal(counting.Count, explanation.Reactions);
            Assert.Equal(counting.Select(i => (i.Network, i.ActorId)).Distinct().Count(), explanation.Reactors);
            Assert.Equal(explanation.Reactions, explanation.Components.Sum(c => c.Reactions));
        }
    }

    [Fact]
    public void Explanation_lists_at_most_ten_amplifiers_ordered_by_share()
    {
        var crowd = Enumerable.Range(0, 30)
            .SelectMany(i => Enumerable.Range(0, (i % 7) + 1).Select(k => Received($"a{i}", InteractionType.Reply, AsOf.AddHours(-k))));

        var explanation = Score(crowd).Explanation;

        Assert.Equal(10, explanation.Amplifiers.Count);
        Assert.Equal(explanation.Amplifiers.OrderByDescending(a => a.Share).Select(a => a.Share), explanation.Amplifiers.Select(a => a.Share));
        Assert.True(explanation.Amplifiers.Sum(a => a.Share) <= 1 + (10 * 0.00005));
    }

    [Fact]
    public void Explanation_lists_at_most_five_top_posts_ordered_by_share()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var posts = Score(RandomPopulation(seed)).Explanation.TopPosts;

            Assert.True(posts.Count <= 5, $"seed {seed}: {posts.Count} posts");
            Assert.Equal(posts.OrderByDescending(p => p.Share).Select(p => p.Share), posts.Select(p => p.Share));
            Assert.True(posts.Sum(p => p.Share) <= 1 + (5 * 0.00005), $"seed {seed}");
        }
    }

    [Fact]
    public void Reactions_without_a_post_earn_points_but_list_no_post()
    {
        var mentions = Enumerable.Range(0, 5).Select(i => Received($"a{i}", InteractionType.Mention, AsOf.AddDays(-1), post: null));

        var result = Score(mentions);

        Assert.True(result.Score > 1);
        Assert.Empty(result.Explanation.TopPosts);
        Assert.Equal(InteractionType.Mention, Assert.Single(result.Explanation.Components).Type);
    }

    [Fact]
    public void Score_is_the_same_whatever_the_order_of_the_reactions()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var population = RandomPopulation(seed);
            var random = new Random(seed);
            var shuffled = population.OrderBy(_ => random.Next()).ToList();

            var first = Score(population);
            var second = Score(shuffled);

            Assert.Equal(first.Score, second.Score);
            Assert.Equal(first.Explanation.Weight, second.Explanation.Weight);
            Assert.Equal(first.Explanation.Components, second.Explanation.Components);
            Assert.Equal(first.Explanation.TopPosts, second.Explanation.TopPosts);
            Assert.Equal(first.Explanation.Amplifiers, second.Explanation.Amplifiers);
        }
    }

    [Fact]
    public void Explanation_orders_equal_amplifiers_and_posts_the_same_whatever_the_input_order()
    {
        var at = AsOf.AddDays(-1);
        var onMastodon = Received("alice", InteractionType.Like, at, post: "p1", network: "mastodon");
        var onBluesky = Received("alice", InteractionType.Like, at, post: "p1", network: "bluesky");

        var first = Score([onMastodon, onBluesky]).Explanation;
        var second = Score([onBluesky, onMastodon]).Explanation;

        Assert.Equal(first.Amplifiers, second.Amplifiers);
        Assert.Equal(first.TopPosts, second.TopPosts);
    }

    [Fact]
    public void ApportionPoints_sums_exactly_to_the_points_for_any_shares()
    {
        var random = new Random(7);
        for (var run = 0; run < 2_000; run++)
        {
            var raw = Enumerable.Range(0, random.Next(1, 30)).Select(_ => random.NextDouble() * Math.Pow(10, random.Next(-6, 3))).ToList();
            var total = raw.Sum();
            var shares = raw.Select(r => r / total).ToList();
            var points = random.Next(0, 100);

            var apportioned = ScoreLedger.ApportionPoints(points, shares);

            Assert.Equal(shares.Count, apportioned.Length);
            Assert.True(apportioned.Sum() == points, $"run {run}: {apportioned.Sum()} != {points}");
            Assert.All(apportioned, p => Assert.True(p >= 0));
        }
    }

    [Fact]
    public void ApportionPoints_gives_each_share_its_exact_points_rounded_down_or_up()
    {
        var random = new Random(11);
        for (var run = 0; run < 500; run++)
        {
            var raw = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.NextDouble()).ToList();
            var shares = raw.Select(r => r / raw.Sum()).ToList();
            var points = random.Next(0, 100);

            var apportioned = ScoreLedger.ApportionPoints(points, shares);

            for (var i = 0; i < shares.Count; i++)
            {
                var exact = shares[i] * points;
                Assert.True(apportioned[i] >= Math.Floor(exact) && apportioned[i] <= Math.Ceiling(exact), $"run {run}: {apportioned[i]} for {exact}");
            }
        }
    }

    [Fact]
    public void ApportionPoints_splits_equal_shares_within_one_point_of_each_other()
    {
        var shares = Enumerable.Repeat(1.0 / 7, 7).ToList();

        var apportioned = ScoreLedger.ApportionPoints(60, shares);

        Assert.Equal(60, apportioned.Sum());
        Assert.True(apportioned.Max() - apportioned.Min() <= 1);
    }
}
