using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sway.Domain;
using Sway.Ingestion;

namespace Sway.Tests.Unit;

/// <summary>The demo's activity stream: deterministic, resumable, never ahead of the clock, realistically skewed.</summary>
public sealed class SyntheticActivitySourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SyntheticActivitySource Source(TimeProvider clock, int seed = 2026) =>
        new(Options.Create(new IngestionOptions { Demo = new DemoSourceOptions { Seed = seed, Accounts = 500, ReactionsPerMinute = 5, BackfillDays = 3 } }), clock);

    private static async Task<IReadOnlyList<Interaction>> BackfillAsync(int seed = 2026) =>
        (await Source(new FakeTimeProvider(Start), seed).ReadAsync(null, 100_000, Ct)).Interactions;

    [Fact]
    public async Task The_same_seed_and_clock_give_identical_events()
    {
        var first = await BackfillAsync();
        var second = await BackfillAsync();

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Different_seeds_give_different_activity()
    {
        var first = await BackfillAsync(seed: 1);
        var second = await BackfillAsync(seed: 2);

        var same = first.Zip(second).Count(p => p.First.ActorId == p.Second.ActorId && p.First.TargetId == p.Second.TargetId);
        Assert.True(same < first.Count / 10, $"{same} of {first.Count} events have the same actor and target");
        Assert.Empty(first.Select(i => i.EventId).Intersect(second.Select(i => i.EventId)));
    }

    [Fact]
    public async Task Reading_from_a_cursor_continues_exactly_where_the_previous_read_stopped()
    {
        var clock = new FakeTimeProvider(Start);
        var source = Source(clock);

        var first = await source.ReadAsync(null, 1_000, Ct);
        var second = await source.ReadAsync(first.NextCursor, 1_000, Ct);
        var whole = await Source(clock).ReadAsync(null, 2_000, Ct);

        Assert.Equal(whole.Interactions, [.. first.Interactions, .. second.Interactions]);
    }

    [Fact]
    public async Task Reading_from_a_cursor_continues_exactly_when_the_clock_has_fractions_of_a_second()
    {
        var clock = new FakeTimeProvider(Start.AddMilliseconds(750));
        var source = Source(clock);

        var first = await source.ReadAsync(null, 1_000, Ct);
        var second = await source.ReadAsync(first.NextCursor, 1_000, Ct);
        var whole = await Source(clock).ReadAsync(null, 2_000, Ct);

        Assert.Equal(whole.Interactions.Skip(1_000).Select(i => i.OccurredAt), second.Interactions.Select(i => i.OccurredAt));
    }

    [Fact]
    public async Task Reading_the_same_cursor_twice_gives_the_same_events()
    {
        var clock = new FakeTimeProvider(Start);
        var source = Source(clock);
        var first = await source.ReadAsync(null, 500, Ct);

        var once = await source.ReadAsync(first.NextCursor, 500, Ct);
        clock.Advance(TimeSpan.FromHours(1));
        var again = await Source(clock).ReadAsync(first.NextCursor, 500, Ct);

        Assert.Equal(once.Interactions, again.Interactions);
    }

    [Fact]
    public async Task ReadAsync_never_yields_events_in_the_future_of_the_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var source = Source(clock);
        var backfill = await source.ReadAsync(null, 100_000, Ct);
        clock.Advance(TimeSpan.FromHours(2));

        var later = await source.ReadAsync(backfill.NextCursor, 100_000, Ct);

        Assert.All(backfill.Interactions, i => Assert.True(i.OccurredAt <= Start));
        Assert.NotEmpty(later.Interactions);
        Assert.All(later.Interactions, i => Assert.True(i.OccurredAt > backfill.Interactions[^1].OccurredAt && i.OccurredAt <= clock.GetUtcNow()));
    }

    [Fact]
    public async Task ReadAsync_finds_nothing_new_until_the_clock_moves()
    {
        var clock = new FakeTimeProvider(Start);
        var source = Source(clock);
        var backfill = await source.ReadAsync(null, 100_000, Ct);

        var again = await source.ReadAsync(backfill.NextCursor, 100_000, Ct);

        Assert.True(backfill.Exhausted);
        Assert.Empty(again.Interactions);
        Assert.True(again.Exhausted);
        Assert.Equal(backfill.NextCursor, again.NextCursor);
    }

    [Fact]
    public async Task ReadAsync_returns_at_most_the_requested_number_of_events()
    {
        var batch = await Source(new FakeTimeProvider(Start)).ReadAsync(null, 100, Ct);

        Assert.Equal(100, batch.Interactions.Count);
        Assert.False(batch.Exhausted);
    }

    [Fact]
    public async Task The_backfill_covers_the_configured_days_in_time_order()
    {
        var events = await BackfillAsync();

        Assert.True(events[0].OccurredAt >= Start.AddDays(-3));
        Assert.True(events[^1].OccurredAt <= Start);
        Assert.True(events[^1].OccurredAt - events[0].OccurredAt > TimeSpan.FromDays(2.9));
        Assert.All(events.Zip(events.Skip(1)), p => Assert.True(p.First.OccurredAt < p.Second.OccurredAt));
    }

    [Fact]
    public async Task Event_ids_are_unique_within_a_stream()
    {
        var events = await BackfillAsync();

        Assert.Equal(events.Count, events.Select(i => i.EventId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Events_are_between_valid_demo_accounts_on_the_demo_network()
    {
        var events = await BackfillAsync();

        Assert.All(events, i =>
        {
            Assert.Equal(Networks.Demo.Name, i.Network);
            Assert.Matches(Networks.Demo.AccountIdPattern, i.ActorId);
            Assert.Matches(Networks.Demo.AccountIdPattern, i.TargetId);
            Assert.InRange(SyntheticPopulation.IndexOf(i.TargetId), 0, 499);
            Assert.InRange(SyntheticPopulation.IndexOf(i.ActorId), 0, 499);
        });
    }

    [Fact]
    public async Task The_stream_includes_every_kind_of_reaction()
    {
        var events = await BackfillAsync();

        Assert.Equal(Enum.GetValues<InteractionType>().ToHashSet(), events.Select(i => i.Type).ToHashSet());
    }

    [Fact]
    public async Task The_stream_includes_some_bot_activity()
    {
        var source = Source(new FakeTimeProvider(Start));
        var events = (await source.ReadAsync(null, 100_000, Ct)).Interactions;

        var byBots = events.Count(i => source.Population.IsBot(SyntheticPopulation.IndexOf(i.ActorId)));

        Assert.InRange(byBots / (double)events.Count, 0.04, 0.12);
    }

    [Fact]
    public async Task Bots_never_react_to_themselves()
    {
        var source = Source(new FakeTimeProvider(Start));
        var events = (await source.ReadAsync(null, 100_000, Ct)).Interactions;

        Assert.DoesNotContain(events, i => i.ActorId == i.TargetId && source.Population.IsBot(SyntheticPopulation.IndexOf(i.ActorId)));
    }

    [Fact]
    public async Task A_few_accounts_receive_most_reactions()
    {
        var events = await BackfillAsync();

        var received = events.GroupBy(i => i.TargetId).Select(g => g.Count()).OrderDescending().ToList();
        var topTenPercent = received.Take(500 / 10).Sum();

        Assert.True(topTenPercent > 0.3 * events.Count, $"the top 10 % of accounts receive {topTenPercent} of {events.Count} reactions");
    }

    [Fact]
    public async Task Mentions_have_no_post_and_other_reactions_have_one_of_the_target()
    {
        var events = await BackfillAsync();

        Assert.All(events, i =>
        {
            if (i.Type == InteractionType.Mention)
            {
                Assert.Null(i.PostId);
            }
            else
            {
                Assert.StartsWith(i.TargetId + "-", i.PostId, StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Describe_gives_a_valid_demo_handle_for_every_account()
    {
        var source = Source(new FakeTimeProvider(Start));

        var handles = Enumerable.Range(0, 500).Select(i => source.Describe(SyntheticPopulation.AccountId(i))).ToList();

        Assert.All(handles, a =>
        {
            Assert.Equal(Networks.Demo.Name, a.Network);
            Assert.True(Handle.TryNormalize(Networks.Demo, a.Handle, out var normalized, out var error), error);
            Assert.Equal(a.Handle, normalized);
        });
        Assert.Equal(500, handles.Select(a => a.Handle).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("d0")]
    [InlineData("d501")]
    [InlineData("x1")]
    [InlineData("d")]
    [InlineData("")]
    public void Describe_refuses_an_account_outside_the_population(string accountId)
    {
        var source = Source(new FakeTimeProvider(Start));

        Assert.Throws<ArgumentException>(() => source.Describe(accountId));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("1:2:3")]
    [InlineData("1:-2")]
    public async Task A_malformed_cursor_is_refused(string cursor)
    {
        var source = Source(new FakeTimeProvider(Start));

        await Assert.ThrowsAsync<FormatException>(() => source.ReadAsync(cursor, 10, Ct));
    }
}
