using Sway.Domain;
using Sway.Storage;

namespace Sway.Tests.Unit;

/// <summary>How an interaction is keyed in its table: per receiving account, newest first, idempotent.</summary>
public sealed class InteractionKeyTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Interaction Reaction(string eventId, DateTimeOffset at, string target = "88") =>
        new(eventId, "higgs", "7", target, InteractionType.Reply, null, at);

    [Fact]
    public void InvertedTicks_sorts_newer_times_before_older_ones()
    {
        var random = new Random(5);
        for (var run = 0; run < 1_000; run++)
        {
            var older = DateTimeOffset.FromUnixTimeMilliseconds(random.NextInt64(0, 4_000_000_000_000));
            var newer = older + TimeSpan.FromTicks(random.NextInt64(1, TimeSpan.TicksPerDay * 5_000));

            Assert.True(string.CompareOrdinal(InteractionStore.InvertedTicks(newer), InteractionStore.InvertedTicks(older)) < 0, $"{newer:o} vs {older:o}");
        }
    }

    [Fact]
    public void InvertedTicks_has_a_fixed_width_of_digits()
    {
        DateTimeOffset[] times = [DateTimeOffset.MinValue, DateTimeOffset.UnixEpoch, At, DateTimeOffset.MaxValue];

        Assert.All(times, t =>
        {
            var key = InteractionStore.InvertedTicks(t);
            Assert.Equal(19, key.Length);
            Assert.All(key, c => Assert.True(char.IsAsciiDigit(c)));
        });
    }

    [Fact]
    public void InvertedTicks_depends_on_the_instant_not_the_offset()
    {
        var local = At.ToOffset(TimeSpan.FromHours(5.5));

        Assert.Equal(InteractionStore.InvertedTicks(At), InteractionStore.InvertedTicks(local));
    }

    [Fact]
    public void ToEntity_gives_the_same_keys_to_the_same_interaction()
    {
        var first = InteractionStore.ToEntity(Reaction("7-88-1341100972-RE", At));
        var second = InteractionStore.ToEntity(Reaction("7-88-1341100972-RE", At));

        Assert.Equal((first.PartitionKey, first.RowKey), (second.PartitionKey, second.RowKey));
    }

    [Fact]
    public void ToEntity_partitions_by_receiving_account()
    {
        var entity = InteractionStore.ToEntity(Reaction("e1", At, target: "88"));

        Assert.Equal(InteractionStore.PartitionOf("higgs", "88"), entity.PartitionKey);
        Assert.NotEqual(InteractionStore.PartitionOf("higgs", "89"), entity.PartitionKey);
    }

    [Fact]
    public void ToEntity_orders_an_accounts_reactions_newest_first()
    {
        var older = InteractionStore.ToEntity(Reaction("zzz", At));
        var newer = InteractionStore.ToEntity(Reaction("aaa", At.AddSeconds(1)));

        Assert.True(string.CompareOrdinal(newer.RowKey, older.RowKey) < 0);
    }

    [Fact]
    public void ToEntity_makes_valid_distinct_keys_from_tricky_event_ids_and_accounts()
    {
        string[] tricky = ["a/b", "a\\b", "a#b", "a?b", "a|b", "a%7Cb", "a\nb", "a b", "日本", "e1"];

        var keys = tricky.SelectMany(id => tricky.Select(target => InteractionStore.ToEntity(Reaction(id, At, target))))
            .Select(e => (e.PartitionKey, e.RowKey))
            .ToList();

        Assert.Equal(tricky.Length * tricky.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.True(
            $"{k.PartitionKey}{k.RowKey}".IndexOfAny(['/', '\\', '#', '?']) < 0 && !$"{k.PartitionKey}{k.RowKey}".Any(char.IsControl),
            $"{k.PartitionKey} / {k.RowKey}"));
    }

    [Fact]
    public void ToEntity_keeps_the_interaction_fields()
    {
        var reaction = new Interaction("e1", "mastodon", "alice", "bob", InteractionType.Quote, "post-9", At);

        var entity = InteractionStore.ToEntity(reaction);

        Assert.Equal("e1", entity.GetString("EventId"));
        Assert.Equal("alice", entity.GetString("Actor"));
        Assert.Equal("bob", entity.GetString("Target"));
        Assert.Equal(nameof(InteractionType.Quote), entity.GetString("Type"));
        Assert.Equal("post-9", entity.GetString("PostId"));
        Assert.Equal(At, entity.GetDateTimeOffset("OccurredAt"));
    }
}
