using System.Globalization;
using Sway.Domain;
using Sway.Scoring;
using Sway.Scoring.Engine;
using static Sway.Tests.Unit.EnginePopulations;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>The in-memory engine that scores a whole population at once, standing included.</summary>
public sealed class PopulationScorerTests
{
    private static readonly PopulationScorer WithoutStanding = new(ReactorStanding.Default, StandingWeight.Off, ScoreModel.V1.Calibration);

    private static PopulationScores Score(IEnumerable<Interaction> interactions, PopulationScorer? scorer = null) =>
        (scorer ?? PopulationScorer.Default).Score(InteractionGraph.Build(interactions, AsOf, ScoreModel.V1));

    /// <summary>Every account the reactions name, scored by model 1.0 as a profile holding that account alone.</summary>
    private static void AssertSameAsModel1(List<Interaction> interactions)
    {
        var scores = Score(interactions, WithoutStanding);
        var received = interactions.ToLookup(i => new AccountKey(i.Network, i.TargetId));
        var accounts = interactions.SelectMany(i => new[] { new AccountKey(i.Network, i.ActorId), new AccountKey(i.Network, i.TargetId) }).Distinct();
        foreach (var account in accounts)
        {
            var profile = new Profile("p", [new LinkedAccount(account.Network, account.AccountId, account.AccountId)], ProfileOrigin.Linked, AsOf);
            var expected = ScoreModel.V1.Score(profile, received[account], AsOf, AsOf);

            Assert.Equal(expected.Score, scores.ScoreOf(account));
            Assert.Equal(expected.Explanation.Weight, scores.RawTotalOf(account), 3);
        }
    }

    [Fact]
    public void Without_standing_every_account_scores_what_model_1_gives_it()
    {
        for (var seed = 1; seed <= 50; seed++)
        {
            AssertSameAsModel1(Many(seed));
        }
    }

    [Fact]
    public void Without_standing_a_large_population_scored_in_parallel_scores_what_model_1_gives_it()
    {
        AssertSameAsModel1(Large(seed: 3));
    }

    [Fact]
    public void A_reaction_from_a_high_standing_reactor_adds_more_than_one_from_a_reactor_nobody_reacted_to()
    {
        List<Interaction> interactions =
        [
            .. Enumerable.Range(0, 30).Select(i => Reaction($"f{i}", "famous")),
            Reaction("famous", "t1"),
            Reaction("nobody", "t2"),
        ];

        var scores = Score(interactions);
        var unweighted = Score(interactions, WithoutStanding);

        var t1 = new AccountKey("mastodon", "t1");
        var t2 = new AccountKey("mastodon", "t2");
        Assert.True(scores.RawTotalOf(t1) > scores.RawTotalOf(t2), $"{scores.RawTotalOf(t1)} vs {scores.RawTotalOf(t2)}");
        Assert.Equal(unweighted.RawTotalOf(t1), unweighted.RawTotalOf(t2));
        Assert.True(scores.StandingOf(new AccountKey("mastodon", "famous")) > scores.StandingOf(new AccountKey("mastodon", "nobody")));
        // A reactor nobody reacted to still has the standing of the random jump, a little above the floor.
        Assert.InRange(scores.RawTotalOf(t2), StandingWeight.Default.Floor * unweighted.RawTotalOf(t2), 0.5 * unweighted.RawTotalOf(t2));
    }

    [Fact]
    public void Self_reactions_and_reactions_outside_the_window_earn_nothing()
    {
        var scores = Score(
        [
            Reaction("me", "me"),
            Received("a", InteractionType.Reply, AsOf - ScoreModel.V1.Window, target: "me"),
            Received("b", InteractionType.Reply, AsOf.AddHours(1), target: "me"),
        ]);

        Assert.Equal(1, scores.ScoreOf(new AccountKey("mastodon", "me")));
        Assert.Equal(0, scores.RawTotalOf(new AccountKey("mastodon", "me")));
        Assert.Equal(0, scores.Graph.AccountCount);
    }

    [Fact]
    public void The_same_input_gives_the_same_output()
    {
        var interactions = Large(seed: 5);

        var first = Score(interactions);
        var second = Score(interactions);

        Assert.Equal(first.Scores.ToArray(), second.Scores.ToArray());
        Assert.Equal(first.RawTotals.ToArray(), second.RawTotals.ToArray());
        Assert.Equal(first.Standings.Values.ToArray(), second.Standings.Values.ToArray());
    }

    [Fact]
    public void The_order_of_the_input_does_not_change_any_account_s_result()
    {
        var interactions = Large(seed: 7);

        var first = Score(interactions);
        var shuffled = Score(Shuffled(interactions, seed: 11));

        Assert.Equal(first.Graph.AccountCount, shuffled.Graph.AccountCount);
        for (var index = 0; index < first.Graph.AccountCount; index++)
        {
            var account = first.Graph.AccountAt(index);
            Assert.Equal(first.Scores[index], shuffled.ScoreOf(account));
            // Sums taken in another order may differ in their last bits; nothing more.
            Assert.Equal(first.RawTotals[index], shuffled.RawTotalOf(account), 1e-9);
            Assert.Equal(first.Standings[index], shuffled.StandingOf(account), 1e-9);
        }
    }

    [Fact]
    public void Standings_from_another_graph_are_refused()
    {
        var graph = InteractionGraph.Build([Reaction("a", "b")], AsOf, ScoreModel.V1);
        var other = ReactorStanding.Default.Compute(InteractionGraph.Build([Reaction("a", "b"), Reaction("c", "b")], AsOf, ScoreModel.V1));

        Assert.Throws<ArgumentException>(() => PopulationScorer.Default.Score(graph, other));
    }

    /// <summary>
    /// 60,000 reactions among 12,000 accounts with heavy-tailed popularity, over 100 days: enough edges and accounts for
    /// standing and scoring to run in parallel ranges.
    /// </summary>
    private static List<Interaction> Large(int seed)
    {
        var random = new Random(seed);
        var types = Enum.GetValues<InteractionType>();
        var list = new List<Interaction>(60_000);
        for (var i = 0; i < 60_000; i++)
        {
            var actor = random.Next(12_000);
            var target = (int)(12_000 * Math.Pow(random.NextDouble(), 3));
            list.Add(Received(
                "a" + actor.ToString(CultureInfo.InvariantCulture),
                types[random.Next(types.Length)],
                AsOf - TimeSpan.FromMinutes(random.Next(0, 100 * 24 * 60)),
                target: "a" + target.ToString(CultureInfo.InvariantCulture)));
        }

        return list;
    }
}
