using Sway.Domain;
using Sway.Scoring.Engine;
using static Sway.Tests.Unit.EnginePopulations;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>The engine's input: a population's reactions held column-wise, its accounts numbered once when it is loaded.</summary>
public sealed class InteractionLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Accounts_are_numbered_once_in_the_order_they_first_appear_actor_before_target()
    {
        var log = InteractionLog.From([Reaction("b", "a"), Reaction("c", "a"), Reaction("a", "d"), Reaction("b", "a")]);

        Assert.Equal(4, log.Count);
        Assert.Equal(["b", "a", "c", "d"], Enumerable.Range(0, log.AccountCount).Select(v => log.AccountAt(v).AccountId));
        Assert.Equal([0, 2, 0], log.Actors[log.ReactionsTo(1)].ToArray());
    }

    [Fact]
    public void An_account_is_found_by_network_and_id_and_the_same_id_on_two_networks_is_two_accounts()
    {
        var log = InteractionLog.From([Reaction("a", "b"), Received("a", InteractionType.Like, AsOf.AddDays(-1), network: "bluesky", target: "b")]);

        Assert.Equal(4, log.AccountCount);
        Assert.True(log.TryGetNumber("bluesky", "b", out var bluesky));
        Assert.True(log.TryGetNumber("mastodon", "b", out var mastodon));
        Assert.NotEqual(bluesky, mastodon);
        Assert.Equal(new AccountKey("bluesky", "b"), log.AccountAt(bluesky));
        Assert.False(log.TryGetNumber("mastodon", "z", out _));
    }

    [Fact]
    public void The_log_keeps_every_reaction_including_self_reactions_and_reactions_of_any_date()
    {
        var log = InteractionLog.From(
        [
            Reaction("a", "a"),
            Received("b", InteractionType.Reply, AsOf.AddYears(-3), target: "c"),
            Received("d", InteractionType.Like, AsOf.AddDays(2), target: "c"),
        ]);

        Assert.Equal(3, log.Count);
        Assert.Equal(4, log.AccountCount);
        Assert.True(log.TryGetNumber("mastodon", "a", out var a));
        var toA = log.ReactionsTo(a);
        Assert.Equal(a, Assert.Single(log.Actors[toA].ToArray()));
        Assert.True(log.TryGetNumber("mastodon", "c", out var c));
        Assert.Equal([AsOf.AddYears(-3).UtcTicks, AsOf.AddDays(2).UtcTicks], log.Ticks[log.ReactionsTo(c)].ToArray());
        Assert.Equal([InteractionType.Reply, InteractionType.Like], log.Types[log.ReactionsTo(c)].ToArray());
    }

    [Fact]
    public void Reactions_are_grouped_by_target_each_target_keeping_the_order_they_were_added()
    {
        var interactions = Many(seed: 4);
        var log = InteractionLog.From(interactions);

        for (var target = 0; target < log.AccountCount; target++)
        {
            var account = log.AccountAt(target);
            var expected = interactions
                .Where(i => i.Network == account.Network && i.TargetId == account.AccountId)
                .Select(i => (i.ActorId, i.Type, i.OccurredAt.UtcTicks))
                .ToList();
            var range = log.ReactionsTo(target);
            var actual = Enumerable.Range(range.Start.Value, range.End.Value - range.Start.Value)
                .Select(j => (log.AccountAt(log.Actors[j]).AccountId, log.Types[j], log.Ticks[j]))
                .ToList();

            Assert.Equal(expected, actual);
            Assert.All(log.Targets[range].ToArray(), t => Assert.Equal(target, t));
        }
    }

    [Fact]
    public void A_large_list_hashed_in_parallel_is_numbered_as_added_one_by_one()
    {
        var large = Enumerable.Range(0, 200).SelectMany(Many).ToList();
        Assert.True(large.Count > 16_384);
        var oneByOne = new InteractionLogBuilder();
        foreach (var interaction in large)
        {
            oneByOne.Add(interaction);
        }

        AssertSame(oneByOne.Build(), InteractionLog.From(large));
    }

    [Fact]
    public async Task A_log_read_from_a_stream_holds_what_one_read_from_a_list_holds()
    {
        var interactions = Many(seed: 9);

        var streamed = await InteractionLog.FromAsync(interactions.ToAsyncEnumerable(), Ct);

        AssertSame(InteractionLog.From(interactions), streamed);
    }

    [Fact]
    public void A_builder_makes_one_log()
    {
        var builder = new InteractionLogBuilder();
        builder.Add(Reaction("a", "b"));
        var log = builder.Build();

        Assert.Equal(1, log.Count);
        Assert.Throws<InvalidOperationException>(() => builder.Add(Reaction("c", "d")));
        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    private static void AssertSame(InteractionLog expected, InteractionLog actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.AccountCount, actual.AccountCount);
        Assert.Equal(
            Enumerable.Range(0, expected.AccountCount).Select(expected.AccountAt),
            Enumerable.Range(0, actual.AccountCount).Select(actual.AccountAt));
        Assert.Equal(expected.Actors.ToArray(), actual.Actors.ToArray());
        Assert.Equal(expected.Targets.ToArray(), actual.Targets.ToArray());
        Assert.Equal(expected.Types.ToArray(), actual.Types.ToArray());
        Assert.Equal(expected.Ticks.ToArray(), actual.Ticks.ToArray());
    }
}
