using Sway.Domain;
using Sway.Scoring;
using Sway.Scoring.Engine;
using static Sway.Tests.Unit.EnginePopulations;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>The engine's graph: which reactions it keeps, and how it aggregates them per (reactor, target).</summary>
public sealed class InteractionGraphTests
{
    private static readonly ScoreModel Model = ScoreModel.V1;

    [Fact]
    public void Self_reactions_and_reactions_outside_the_window_are_ignored()
    {
        var graph = InteractionGraph.Build(
            [
                Reaction("a", "a"),
                Received("b", InteractionType.Reply, AsOf - Model.Window, target: "c"),
                Received("b", InteractionType.Reply, AsOf.AddSeconds(1), target: "c"),
                Received("d", InteractionType.Reply, AsOf - Model.Window + TimeSpan.FromSeconds(1), target: "e"),
                Received("f", InteractionType.Reply, AsOf, target: "e"),
            ],
            AsOf,
            Model);

        Assert.Equal(2, graph.Reactions);
        Assert.Equal(2, graph.EdgeCount);
        Assert.Equal(3, graph.AccountCount);
        Assert.False(graph.TryGetIndex("mastodon", "a", out _));
        Assert.False(graph.TryGetIndex("mastodon", "b", out _));
        Assert.True(graph.TryGetIndex("mastodon", "e", out var e));
        Assert.Equal(2, graph.ReactorsOf(e).Length);
    }

    [Fact]
    public void A_reactors_reactions_to_one_target_saturate_into_one_edge()
    {
        var graph = InteractionGraph.Build(
            [.. Enumerable.Repeat(Reaction("fan", "star", InteractionType.Reply), 10), Reaction("fan", "other", InteractionType.Like)],
            AsOf,
            Model);

        Assert.True(graph.TryGetIndex("mastodon", "star", out var star));
        Assert.True(graph.TryGetIndex("mastodon", "fan", out var fan));
        var raw = 10 * 3.0 * Math.Pow(0.5, 1.0 / 21);
        Assert.Equal(6 * (1 - Math.Exp(-raw / 6)), Assert.Single(graph.CreditsTo(star).ToArray()), 12);
        Assert.Equal(fan, Assert.Single(graph.ReactorsOf(star).ToArray()));
        Assert.Equal(2, graph.TargetsOf(fan).Length);
    }

    [Fact]
    public void Accounts_are_keyed_by_network_and_id()
    {
        var graph = InteractionGraph.Build(
            [Reaction("a", "b"), Received("a", InteractionType.Reply, AsOf.AddDays(-1), network: "bluesky", target: "b")],
            AsOf,
            Model);

        Assert.Equal(4, graph.AccountCount);
        Assert.True(graph.TryGetIndex("bluesky", "b", out var index));
        Assert.Equal(new AccountKey("bluesky", "b"), graph.AccountAt(index));
    }
}
