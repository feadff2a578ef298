using Sway.Scoring;
using Sway.Scoring.Senders;

namespace Sway.Tests.Unit;

/// <summary>The one place that decides a reactor behaves like a bot or a ring member, under model 2.0's rules.</summary>
public sealed class SenderReviewTests
{
    private static readonly SenderRules Rules = ScoreModels.Get("2.0").Senders;
    private static readonly long Start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
    private static readonly Dictionary<string, int> Nobody = [];

    private static (string Target, long Ticks)[] Spread(int targets, TimeSpan over) =>
        [.. Enumerable.Range(0, targets).Select(i => ($"t{i}", Start + (over.Ticks / targets * i)))];

    [Fact]
    public void A_person_reacting_to_a_handful_of_accounts_is_fully_trusted()
    {
        var verdict = SenderReview.Assess(Rules, Spread(12, TimeSpan.FromHours(1)), Nobody);

        Assert.Equal(SenderVerdict.Trusted, verdict);
    }

    [Fact]
    public void Mentioning_150_accounts_within_an_hour_loses_all_trust_and_says_why()
    {
        var verdict = SenderReview.Assess(Rules, Spread(150, TimeSpan.FromMinutes(50)), Nobody);

        Assert.Equal(0, verdict.Trust);
        Assert.Contains("150 accounts within an hour", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Trust_ramps_down_between_the_burst_thresholds_rather_than_jumping()
    {
        var trusts = Enumerable.Range(Rules.BurstFrom, Rules.BurstTo - Rules.BurstFrom + 1)
            .Select(n => SenderReview.Assess(Rules, Spread(n, TimeSpan.FromMinutes(30)), Nobody).Trust)
            .ToList();

        Assert.Equal(1, trusts[0]);
        Assert.Equal(0, trusts[^1]);
        Assert.All(trusts.Zip(trusts.Skip(1)), step => Assert.InRange(step.First - step.Second, 0, 0.11));
    }

    [Fact]
    public void Spraying_many_accounts_spread_over_a_day_loses_trust_too()
    {
        var verdict = SenderReview.Assess(Rules, Spread(120, TimeSpan.FromHours(22)), Nobody);

        Assert.Equal(0, verdict.Trust);
        Assert.Contains("within a day", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_of_a_closed_group_reacting_mostly_among_itself_loses_trust()
    {
        var partners = Enumerable.Range(0, 9).Select(i => $"m{i}").ToList();
        var sent = partners.Select((p, i) => (p, Start + (TimeSpan.TicksPerMinute * i))).ToArray();
        var receivedFrom = partners.ToDictionary(p => p, _ => 3);

        var verdict = SenderReview.Assess(Rules, sent, receivedFrom);

        Assert.Equal(0, verdict.Trust);
        Assert.Contains("closed group of 10", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Talking_back_and_forth_with_friends_who_are_a_small_part_of_ones_audience_is_fine()
    {
        var friends = new[] { "f1", "f2", "f3" };
        var sent = friends.Select((f, i) => (f, Start + (TimeSpan.TicksPerHour * i))).ToArray();
        var receivedFrom = friends.ToDictionary(f => f, _ => 2);
        foreach (var fan in Enumerable.Range(0, 40))
        {
            receivedFrom[$"fan{fan}"] = 1;
        }

        Assert.Equal(SenderVerdict.Trusted, SenderReview.Assess(Rules, sent, receivedFrom));
    }

    [Fact]
    public void Numbered_accounts_counted_in_a_tally_get_the_verdict_of_keyed_accounts()
    {
        var random = new Random(7);
        var tally = new SenderTally(60);
        var reasons = string.Empty;
        var rules = Rules with { SprayFrom = 30, SprayTo = 60, RingSentShare = 0.3, RingReceivedFrom = 0.2, RingReceivedTo = 0.6 };
        for (var trial = 0; trial < 400; trial++)
        {
            // Small groups of accounts, reactions bunched in time (many simultaneous), so that every rule fires sometimes.
            var accounts = random.Next(2, 60);
            var sent = Enumerable.Range(0, random.Next(0, 200))
                .Select(_ => (Target: random.Next(accounts), Ticks: Start + (TimeSpan.TicksPerMinute * random.Next(0, trial % 2 == 0 ? 90 : 3_000))))
                .OrderBy(s => s.Ticks)
                .ToArray();
            var received = Enumerable.Range(0, random.Next(0, 80)).Select(_ => random.Next(accounts)).ToArray();
            var receivedFrom = received.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());

            var keyed = SenderReview.Assess<int>(rules, sent, receivedFrom);
            var numbered = SenderReview.Assess(rules, [.. sent.Select(s => s.Target)], [.. sent.Select(s => s.Ticks)], received, tally);

            Assert.Equal(keyed, numbered);
            reasons += keyed.Reason;
        }

        Assert.Contains("closed group", reasons);
        Assert.Contains("within an hour", reasons);
        Assert.Contains("within a day", reasons);
    }
}
