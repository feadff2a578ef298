using Sway.Scoring;
using Sway.Scoring.Engine;
using static Sway.Tests.Unit.EnginePopulations;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>Reactor standing: the weighted PageRank that carries influence from reactors to whom they react to.</summary>
public sealed class ReactorStandingTests
{
    private static Standings Standings(IEnumerable<Sway.Domain.Interaction> interactions, out InteractionGraph graph)
    {
        graph = InteractionGraph.Build(interactions, AsOf, ScoreModel.V1);
        return ReactorStanding.Default.Compute(graph);
    }

    private static double Of(Standings standings, InteractionGraph graph, string account) =>
        graph.TryGetIndex("mastodon", account, out var index) ? standings[index] : throw new KeyNotFoundException(account);

    [Fact]
    public void Two_accounts_one_reaction_match_pagerank_worked_by_hand()
    {
        // a → b, b dangling: x_a = 0.15/2 + 0.85·x_b/2 and x_a + x_b = 1, so x_a = 0.5/1.425.
        var standings = Standings([Reaction("a", "b")], out var graph);

        Assert.Equal(2 * 0.5 / 1.425, Of(standings, graph, "a"), 5);
        Assert.Equal(2 - (2 * 0.5 / 1.425), Of(standings, graph, "b"), 5);
    }

    [Fact]
    public void Mean_standing_is_1()
    {
        for (var seed = 1; seed <= 30; seed++)
        {
            var standings = Standings(Many(seed), out _);
            if (standings.Count > 0)
            {
                Assert.Equal(1, standings.Values.ToArray().Average(), 12);
            }
        }
    }

    [Fact]
    public void Reactions_from_high_standing_accounts_lift_standing_more_than_as_many_from_low_standing_ones()
    {
        var fans = Enumerable.Range(0, 20).SelectMany(i => new[] { Reaction($"f{i}", "h1"), Reaction($"f{i}", "h2") });
        var standings = Standings(
            [.. fans, Reaction("h1", "high"), Reaction("h2", "high"), Reaction("l1", "low"), Reaction("l2", "low")],
            out var graph);

        Assert.True(Of(standings, graph, "h1") > Of(standings, graph, "l1"));
        Assert.True(Of(standings, graph, "high") > Of(standings, graph, "low"), $"{Of(standings, graph, "high")} vs {Of(standings, graph, "low")}");
    }

    [Fact]
    public void Standing_is_split_in_proportion_to_the_credit_given()
    {
        // r replies to x often (saturated credit near 6) and likes y once (credit near 0.5): x gains more from r.
        var standings = Standings(
            [.. Enumerable.Repeat(Reaction("r", "x"), 5), Reaction("r", "y", Sway.Domain.InteractionType.Like)],
            out var graph);

        Assert.True(Of(standings, graph, "x") > Of(standings, graph, "y"));
    }

    [Fact]
    public void Standings_match_a_plain_power_iteration_over_every_account()
    {
        foreach (var interactions in new[] { Many(1), Many(2), Many(3), Large(4) })
        {
            var graph = InteractionGraph.Build(interactions, AsOf, ScoreModel.V1);
            var standings = new ReactorStanding(tolerance: 1e-12, maxIterations: 1_000).Compute(graph);

            var expected = PlainPageRank(graph);
            for (var v = 0; v < graph.AccountCount; v++)
            {
                Assert.Equal(expected[v], standings[v], 1e-8);
            }
        }
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactorStanding(damping: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactorStanding(tolerance: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactorStanding(maxIterations: 0));
    }

    /// <summary>PageRank the textbook way: every account, every edge, push along the out-edges, until it stops moving.</summary>
    private static double[] PlainPageRank(InteractionGraph graph)
    {
        var n = graph.AccountCount;
        var x = Enumerable.Repeat(1.0 / n, n).ToArray();
        for (var iteration = 0; iteration < 1_000; iteration++)
        {
            var y = new double[n];
            var dangling = 0.0;
            for (var u = 0; u < n; u++)
            {
                var credits = graph.CreditsFrom(u);
                var targets = graph.TargetsOf(u);
                var total = credits.ToArray().Sum();
                if (total == 0)
                {
                    dangling += x[u];
                }

                for (var e = 0; e < targets.Length; e++)
                {
                    y[targets[e]] += 0.85 * x[u] * credits[e] / total;
                }
            }

            for (var v = 0; v < n; v++)
            {
                y[v] += (0.15 + (0.85 * dangling)) / n;
            }

            var change = x.Zip(y, (a, b) => Math.Abs(a - b)).Sum();
            x = y;
            if (change < 1e-14)
            {
                break;
            }
        }

        return [.. x.Select(v => v * n)];
    }

    /// <summary>100,000 reactions among 20,000 accounts, popularity heavy-tailed: enough to run in parallel ranges.</summary>
    private static List<Sway.Domain.Interaction> Large(int seed)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable.Range(0, 100_000).Select(_ => Reaction(
                "a" + random.Next(20_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "a" + ((int)(20_000 * Math.Pow(random.NextDouble(), 3))).ToString(System.Globalization.CultureInfo.InvariantCulture))),
        ];
    }
}
