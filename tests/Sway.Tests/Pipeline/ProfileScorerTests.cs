using Sway.Domain;
using Sway.Scoring;

namespace Sway.Tests.Pipeline;

/// <summary>Scoring a stored profile: what counts toward it and what is written.</summary>
public sealed class ProfileScorerTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Score_ignores_reactions_between_a_profiles_own_linked_accounts()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var now = host.Clock.GetUtcNow();
        var profile = await host.LinkAsync(
            "linked-gus",
            [new LinkedAccount("mastodon", "1", "gus@a.social"), new LinkedAccount("mastodon", "2", "gus@b.social")],
            new Interaction("e1", "mastodon", "2", "1", InteractionType.Reply, "p1", now.AddHours(-1)),
            new Interaction("e2", "mastodon", "1", "2", InteractionType.Repost, "p2", now.AddHours(-1)));

        var result = await host.Get<ProfileScorer>().ScoreAsync(profile.Id, nightly: false, Ct);

        Assert.Equal(1, result!.Score);
        Assert.Empty(result.Explanation.Amplifiers);
    }

    [Fact]
    public async Task Score_adds_up_reactions_received_on_every_linked_account()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var now = host.Clock.GetUtcNow();
        var single = await host.LinkAsync(
            "linked-one",
            [new LinkedAccount("mastodon", "10", "one@a.social")],
            new Interaction("m1", "mastodon", "7", "10", InteractionType.Reply, "p1", now.AddHours(-1)));
        var both = await host.LinkAsync(
            "linked-both",
            [new LinkedAccount("mastodon", "20", "both@a.social"), new LinkedAccount("bluesky", "did:plc:both", "both.bsky.social")],
            new Interaction("m2", "mastodon", "7", "20", InteractionType.Reply, "p1", now.AddHours(-1)),
            new Interaction("b1", "bluesky", "did:plc:x", "did:plc:both", InteractionType.Reply, "p2", now.AddHours(-1)));

        var one = await host.Get<ProfileScorer>().ScoreAsync(single.Id, nightly: false, Ct);
        var two = await host.Get<ProfileScorer>().ScoreAsync(both.Id, nightly: false, Ct);

        Assert.True(two!.Score > one!.Score, $"{two.Score} vs {one.Score}");
        Assert.Equal(["bluesky", "mastodon"], two.Explanation.Components.Select(c => c.Network).Order());
    }

    [Fact]
    public async Task Scoring_a_profile_that_does_not_exist_writes_nothing()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        var result = await host.Get<ProfileScorer>().ScoreAsync("erased-person", nightly: false, Ct);

        Assert.Null(result);
        Assert.Equal(0, await TableSnapshot.CountAsync(host.Storage.Scores.All));
    }
}
