using System.Globalization;
using Sway.Domain;
using Sway.Scoring;
using Sway.Scoring.Engine;
using static Sway.Tests.Unit.EnginePopulations;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>The engine's graph built from a log numbered once: which reactions count is decided here, under each model.</summary>
public sealed class InteractionGraphFromLogTests
{
    private static readonly ScoreModel Model = ScoreModel.V1;

    /// <summary>A shadow model: a shorter window and half-life, likes weigh nothing, one reactor saturates sooner.</summary>
    private static readonly ScoreModel Shadow = new(
        "shadow",
        new Dictionary<InteractionType, double>
        {
            [InteractionType.Reply] = 2,
            [InteractionType.Repost] = 1,
            [InteractionType.Quote] = 2,
            [InteractionType.Mention] = 0.5,
            [InteractionType.Like] = 0,
        },
        TimeSpan.FromDays(7),
        TimeSpan.FromDays(30),
        3,
        ScoreModel.V1.Calibration);

    [Fact]
    public void Every_edge_is_the_saturated_sum_of_its_reactors_kept_weights_under_each_model()
    {
        foreach (var interactions in Enumerable.Range(1, 30).Select(Many).Append(Spread(seed: 2)))
        {
            var log = InteractionLog.From(interactions);
            foreach (var model in new[] { Model, Shadow })
            {
                AssertEdges(Expected(interactions, model), InteractionGraph.Build(log, AsOf, model), model);
            }
        }
    }

    [Fact]
    public void The_graph_from_a_log_is_the_graph_from_its_interactions()
    {
        var interactions = Spread(seed: 6);
        var log = InteractionLog.From(interactions);

        var fromLog = InteractionGraph.Build(log, AsOf, Model);
        var fromInteractions = InteractionGraph.Build(interactions, AsOf, Model);

        Assert.Equal(fromInteractions.AccountCount, fromLog.AccountCount);
        Assert.Equal(fromInteractions.Reactions, fromLog.Reactions);
        for (var v = 0; v < fromLog.AccountCount; v++)
        {
            Assert.Equal(fromInteractions.AccountAt(v), fromLog.AccountAt(v));
            Assert.Equal(fromInteractions.ReactorsOf(v).ToArray(), fromLog.ReactorsOf(v).ToArray());
            Assert.Equal(fromInteractions.CreditsTo(v).ToArray(), fromLog.CreditsTo(v).ToArray());
        }
    }

    [Fact]
    public void Self_reactions_and_reactions_outside_the_window_stay_in_the_log_but_not_in_the_graph()
    {
        var log = InteractionLog.From(
        [
            Reaction("a", "a"),
            Received("b", InteractionType.Reply, AsOf - Model.Window, target: "c"),
            Received("b", InteractionType.Reply, AsOf.AddSeconds(1), target: "c"),
            Received("d", InteractionType.Reply, AsOf - Model.Window + TimeSpan.FromSeconds(1), target: "e"),
            Received("f", InteractionType.Reply, AsOf, target: "e"),
        ]);

        var graph = InteractionGraph.Build(log, AsOf, Model);
        var scores = PopulationScorer.Default.Score(graph);

        Assert.Equal(5, log.Count);
        Assert.Equal(6, log.AccountCount);
        Assert.Equal(2, graph.Reactions);
        Assert.Equal(3, graph.AccountCount);
        foreach (var dropped in new[] { "a", "b", "c" })
        {
            Assert.True(log.TryGetNumber("mastodon", dropped, out _));
            Assert.False(graph.TryGetIndex("mastodon", dropped, out _));
            Assert.Equal(1, scores.ScoreOf(new AccountKey("mastodon", dropped)));
            Assert.Equal(0, scores.RawTotalOf(new AccountKey("mastodon", dropped)));
        }
    }

    [Fact]
    public void Graph_accounts_are_numbered_in_the_log_order_skipping_those_without_a_kept_reaction()
    {
        var log = InteractionLog.From([Reaction("a", "b"), Reaction("c", "c"), Reaction("d", "a"), Received("e", InteractionType.Like, AsOf.AddYears(-1), target: "d")]);

        var graph = InteractionGraph.Build(log, AsOf, Model);

        Assert.Equal(["a", "b", "d"], Enumerable.Range(0, graph.AccountCount).Select(v => graph.AccountAt(v).AccountId));
        for (var v = 0; v < graph.AccountCount; v++)
        {
            Assert.Equal(log.AccountAt(graph.LogNumberAt(v)), graph.AccountAt(v));
        }
    }

    [Fact]
    public void A_targets_reactors_are_listed_in_the_order_of_their_first_kept_reaction()
    {
        var graph = InteractionGraph.Build(
            [Received("late", InteractionType.Reply, AsOf.AddYears(-1), target: "t"), Reaction("x", "t"), Reaction("late", "t"), Reaction("y", "t"), Reaction("x", "t")],
            AsOf,
            Model);

        Assert.True(graph.TryGetIndex("mastodon", "t", out var t));
        Assert.Equal(["x", "late", "y"], graph.ReactorsOf(t).ToArray().Select(v => graph.AccountAt(v).AccountId));
    }

    [Fact]
    public void Rows_by_reactor_hold_the_same_edges_as_rows_by_target()
    {
        var graph = InteractionGraph.Build(Spread(seed: 8), AsOf, Model);

        var byTarget = Enumerable.Range(0, graph.AccountCount)
            .SelectMany(t => graph.ReactorsOf(t).ToArray().Zip(graph.CreditsTo(t).ToArray(), (r, c) => (r, t, c)))
            .OrderBy(e => e.r).ThenBy(e => e.t)
            .ToList();
        var byReactor = Enumerable.Range(0, graph.AccountCount)
            .SelectMany(r => graph.TargetsOf(r).ToArray().Zip(graph.CreditsFrom(r).ToArray(), (t, c) => (r, t, c)))
            .ToList();

        Assert.Equal(byTarget, byReactor);
        Assert.Equal(graph.EdgeCount, byReactor.Count);
        for (var r = 0; r < graph.AccountCount; r++)
        {
            Assert.Equal(graph.CreditsFrom(r).ToArray().Sum(), graph.OutCreditSums[r], 12);
        }
    }

    [Fact]
    public void A_large_log_built_in_parallel_ranges_gives_the_same_graph_every_time()
    {
        var log = InteractionLog.From(Spread(seed: 4));

        var first = InteractionGraph.Build(log, AsOf, Model);
        var second = InteractionGraph.Build(log, AsOf, Model);

        Assert.Equal(first.InOffsets, second.InOffsets);
        Assert.Equal(first.InSources, second.InSources);
        Assert.Equal(first.InCredits, second.InCredits);
        Assert.Equal(first.OutCreditSums, second.OutCreditSums);
    }

    [Fact]
    public void An_empty_log_builds_an_empty_graph()
    {
        var graph = InteractionGraph.Build(InteractionLog.From([]), AsOf, Model);

        Assert.Equal(0, graph.AccountCount);
        Assert.Equal(0, graph.EdgeCount);
        Assert.Equal(0, graph.Reactions);
    }

    /// <summary>What the graph should hold, from the model's rules applied to the interactions directly: per (reactor, target), the saturated sum of kept weights.</summary>
    private static Dictionary<(AccountKey Reactor, AccountKey Target), double> Expected(List<Interaction> interactions, ScoreModel model)
    {
        var k = model.ReactorSaturation;
        return interactions
            .Where(i => i.OccurredAt > AsOf - model.Window && i.OccurredAt <= AsOf && i.ActorId != i.TargetId)
            .Select(i => (Pair: (new AccountKey(i.Network, i.ActorId), new AccountKey(i.Network, i.TargetId)), Weight: model.WeightOf(i.Type) * Math.Pow(0.5, (AsOf - i.OccurredAt) / model.HalfLife)))
            .Where(x => x.Weight > 0)
            .GroupBy(x => x.Pair)
            .ToDictionary(g => g.Key, g => k * (1 - Math.Exp(-g.Sum(x => x.Weight) / k)));
    }

    private static void AssertEdges(Dictionary<(AccountKey Reactor, AccountKey Target), double> expected, InteractionGraph graph, ScoreModel model)
    {
        Assert.Equal(expected.Count, graph.EdgeCount);
        Assert.Equal(expected.Keys.SelectMany(p => new[] { p.Reactor, p.Target }).Distinct().Count(), graph.AccountCount);
        foreach (var ((reactor, target), credit) in expected)
        {
            Assert.True(graph.TryGetIndex(target.Network, target.AccountId, out var t), $"{target} under {model.Version}");
            Assert.True(graph.TryGetIndex(reactor.Network, reactor.AccountId, out var r), $"{reactor} under {model.Version}");
            var at = graph.ReactorsOf(t).IndexOf(r);
            Assert.True(at >= 0, $"{reactor} → {target} under {model.Version}");
            Assert.Equal(credit, graph.CreditsTo(t)[at], 12);
        }
    }

    /// <summary>40,000 reactions among 5,000 accounts over 120 days (and the hour after), every type, with self-reactions: enough for parallel ranges.</summary>
    private static List<Interaction> Spread(int seed)
    {
        var random = new Random(seed);
        var types = Enum.GetValues<InteractionType>();
        var list = new List<Interaction>(40_000);
        for (var i = 0; i < 40_000; i++)
        {
            var actor = random.Next(5_000);
            var target = random.NextDouble() < 0.01 ? actor : (int)(5_000 * Math.Pow(random.NextDouble(), 3));
            list.Add(Received(
                "a" + actor.ToString(CultureInfo.InvariantCulture),
                types[random.Next(types.Length)],
                AsOf - TimeSpan.FromMinutes(random.Next(-60, 120 * 24 * 60)),
                target: "a" + target.ToString(CultureInfo.InvariantCulture)));
        }

        return list;
    }
}
