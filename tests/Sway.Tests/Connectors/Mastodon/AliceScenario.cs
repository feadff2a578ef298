using Sway.Domain;

namespace Sway.Tests.Connectors.Mastodon;

/// <summary>
/// One account's week on the fake instance, with the reactions a pass over it must find (and those it must not):
/// alice@example.social's five recent posts and one older than the window; likes (one her own), reblogs, replies to her
/// in her threads (and replies in them to others), a quote, a mention, a reblog she made of bob's post, a mention
/// notification that is a reply, one older than the window and a favourite notification.
/// </summary>
internal sealed class AliceScenario
{
    public AliceScenario(MastodonFake fake, DateTimeOffset now)
    {
        Now = now;
        Alice = fake.AddAccount("alice", note: "<p>I write about rivers &amp; lakes.</p>", fields: [("site", "<a href=\"https://alice.example\">alice.example</a>")], followers: 120, following: 30);
        var bob = fake.AddAccount("bob");
        var carol = fake.AddAccount("carol", "other.social");
        var dave = fake.AddAccount("Dave");
        var erin = fake.AddAccount("erin", "far.example");
        var frank = fake.AddAccount("frank");
        fake.TokenOwner = Alice;

        var p1 = fake.AddStatus(Alice, now.AddDays(-1), "first");
        var p2 = fake.AddStatus(Alice, now.AddDays(-2), "second");
        fake.AddStatus(Alice, now.AddDays(-3), "third, unnoticed");
        var p4 = fake.AddStatus(Alice, now.AddDays(-4), "fourth");
        var p5 = fake.AddStatus(Alice, now.AddDays(-6), "fifth");
        var old = fake.AddStatus(Alice, now.AddDays(-8), "too old to re-read");
        var bobs = fake.AddStatus(bob, now.AddDays(-1), "bob's own");

        foreach (var fan in new[] { bob, carol, dave, Alice })
        {
            Expect(InteractionType.Like, fan, p1, p1.At, () => fake.Favourite(fan, p1));
        }

        Expect(InteractionType.Like, bob, p2, p2.At, () => fake.Favourite(bob, p2));
        foreach (var fan in new[] { bob, carol, dave, erin, frank })
        {
            Expect(InteractionType.Like, fan, p5, p5.At, () => fake.Favourite(fan, p5));
        }

        fake.Favourite(bob, old);
        foreach (var fan in new[] { carol, erin })
        {
            Expect(InteractionType.Repost, fan, p1, p1.At, () => fake.Reblog(fan, p1, now.AddHours(-5)));
        }

        Expect(InteractionType.Repost, dave, p4, p4.At, () => fake.Reblog(dave, p4, now.AddHours(-4)));
        fake.Reblog(Alice, bobs, now.AddHours(-2));
        fake.Favourite(carol, bobs);

        var bobReply = fake.Reply(bob, p1, p1.At.AddHours(1), "nice");
        Expect(InteractionType.Reply, bob, p1, bobReply.At);
        var daveToBob = fake.Reply(dave, bobReply, p1.At.AddHours(2), "agreed, bob");
        fake.Reply(Alice, bobReply, p1.At.AddHours(3), "thanks bob");
        fake.Favourite(frank, daveToBob);
        var selfReply = fake.Reply(Alice, p1, p1.At.AddHours(4), "and one more thing");
        Expect(InteractionType.Reply, Alice, p1, selfReply.At);
        var erinReply = fake.Reply(erin, p4, p4.At.AddHours(1), "hm");
        Expect(InteractionType.Reply, erin, p4, erinReply.At);

        var quote = fake.Quote(carol, p2, p2.At.AddHours(2));
        Expect(InteractionType.Quote, carol, p2, quote.At);

        var mention = fake.Mention(frank, now.AddHours(-3), Alice);
        Expect(InteractionType.Mention, frank, mention, mention.At);
        fake.Notify("mention", bob, bobReply.At, bobReply);
        fake.Mention(dave, now.AddDays(-9), Alice);
        fake.Notify("favourite", bob, p2.At, p2);
    }

    public DateTimeOffset Now { get; }

    public DateTimeOffset Since => Now.AddDays(-7);

    public FakeAccount Alice { get; }

    public string AliceId { get; } = "alice@example.social";

    /// <summary>What a pass with the access token finds: type, actor id, post id and time.</summary>
    public List<(InteractionType Type, string Actor, string PostId, DateTimeOffset At)> Expected { get; } = [];

    public IEnumerable<(InteractionType Type, string Actor, string PostId, DateTimeOffset At)> ExpectedWithoutToken => Expected.Where(e => e.Type != InteractionType.Mention);

    private void Expect(InteractionType type, FakeAccount actor, FakeStatus post, DateTimeOffset at, Action act)
    {
        act();
        Expect(type, actor, post, at);
    }

    private void Expect(InteractionType type, FakeAccount actor, FakeStatus post, DateTimeOffset at) =>
        Expected.Add((type, ActorId(actor), post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), at));

    private static string ActorId(FakeAccount account) =>
        (account.Acct.Contains('@', StringComparison.Ordinal) ? account.Acct : account.Acct + "@example.social").ToLowerInvariant();
}
