using System.Net;
using System.Net.Http.Json;
using Sway.Api;
using Sway.Ingestion;
using Sway.Linking;
using Sway.Tests.Connectors.Bluesky;
using Sway.Tests.Connectors.Mastodon;
using Sway.Tests.Linking;

namespace Sway.Tests.Connectors;

/// <summary>
/// The whole way, as a person and the pipeline meet it: one profile links a Mastodon account and a Bluesky account
/// (each proven by its code, over HTTP), both networks' loopback fakes serve their reactions, one pull and the score
/// queue later the profile has one score whose explanation shows both networks, naming no reactor.
/// </summary>
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_profile_with_a_Mastodon_and_a_Bluesky_account_gets_one_score_whose_explanation_shows_both_networks()
    {
        var now = SwayTestHost.Start;
        await using var mastodon = await MastodonFake.StartAsync(TimeProvider.System);
        var alice = mastodon.AddAccount("alice", note: "<p>Rivers.</p>", followers: 120, following: 30);
        var fans = new[] { mastodon.AddAccount("bob"), mastodon.AddAccount("carol", "other.social"), mastodon.AddAccount("dave") };
        var toot = mastodon.AddStatus(alice, now.AddDays(-1), "on rivers");
        foreach (var fan in fans)
        {
            mastodon.Favourite(fan, toot);
        }

        mastodon.Reblog(fans[0], toot, now.AddHours(-5));
        mastodon.Reply(fans[1], toot, now.AddHours(-4), "lovely");

        await using var bluesky = await BlueskyFake.StartAsync(TimeProvider.System);
        bluesky.AddAccount("did:plc:alice", "alice.example.com", "Rivers.", followers: 80, follows: 20);
        var skeet = bluesky.AddPost("did:plc:alice", "on lakes", now.AddDays(-2));
        foreach (var did in new[] { "did:plc:erin", "did:plc:frank", "did:plc:gina", "did:plc:hal" })
        {
            bluesky.AddAccount(did, did[8..] + ".example.net");
            bluesky.Like(skeet, did, now.AddDays(-1));
        }

        bluesky.Repost(skeet, "did:plc:erin");
        bluesky.Reply(skeet, "did:plc:frank", now.AddHours(-20));

        await using var host = await SwayTestHost.StartAsync(
            azurite,
            [.. MastodonConnector.Settings(mastodon), .. BlueskyRig.Settings(bluesky).Select(s => (s.Key, s.Value)), ("Api:Key", LinkingTests.Key)]);
        bluesky.Clock = host.Clock;

        // Proof of control, one account after the other, over HTTP.
        var first = await LinkingTests.CreateAsync(host, "alice@example.social", "mastodon");
        alice.Note = $"<p>Rivers. {first.Code}</p>";
        Assert.Equal(HttpStatusCode.OK, (await LinkingTests.VerifyAsync(host, first.ProfileId, "alice@example.social", "mastodon")).StatusCode);
        var linking = await LinkingTests.PostAsync(host, $"/api/profiles/{first.ProfileId}/accounts", """{"network": "bluesky", "handle": "alice.example.com"}""");
        Assert.Equal(HttpStatusCode.Accepted, linking.StatusCode);
        var second = (await linking.Content.ReadFromJsonAsync<LinkChallenge>(SwayJson.Options, Ct))!;
        bluesky.SetDescription("did:plc:alice", $"Rivers. {second.Code}");
        Assert.Equal(HttpStatusCode.OK, (await LinkingTests.VerifyAsync(host, first.ProfileId, "alice.example.com", "bluesky")).StatusCode);

        await host.DrainScoreQueueWhileAsync(host.Get<ActivityPuller>().PullAsync(Ct));

        var score = await host.Http.GetFromJsonAsync<ScoreView>($"/api/profiles/{first.ProfileId}/score", SwayJson.Options, Ct);
        Assert.NotNull(score);
        var explanation = score.Explanation;
        Assert.Equal(["bluesky", "mastodon"], score.Accounts.Select(a => a.Network).Order(StringComparer.Ordinal));
        Assert.True(score.Score > 1, $"score {score.Score}");
        Assert.Equal(score.Score, explanation.Baseline + explanation.Components.Sum(c => c.Points));
        Assert.Equal(["bluesky", "mastodon"], explanation.Components.Select(c => c.Network).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["bluesky Like 4", "bluesky Reply 1", "bluesky Repost 1", "mastodon Like 3", "mastodon Reply 1", "mastodon Repost 1"],
            explanation.Components.Select(c => $"{c.Network} {c.Type} {c.Reactions}").Order(StringComparer.Ordinal));
        Assert.Equal(11, explanation.Reactions);
        Assert.Equal(["bluesky", "mastodon"], explanation.TopPosts.Select(p => p.Network).Order(StringComparer.Ordinal));

        // Reactors who never linked appear only as pseudonyms, on the page of the profile they amplified too.
        Assert.Equal(7, explanation.Amplifiers.Count);
        Assert.All(explanation.Amplifiers, a => Assert.StartsWith("~", a.AccountId, StringComparison.Ordinal));
        var body = await host.Http.GetStringAsync(new Uri($"/api/profiles/{first.ProfileId}/score", UriKind.Relative), Ct);
        foreach (var name in new[] { "bob", "carol", "dave", "erin", "frank", "gina", "hal" })
        {
            Assert.DoesNotContain(name, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
