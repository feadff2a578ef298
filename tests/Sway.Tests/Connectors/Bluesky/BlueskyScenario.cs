using Sway.Domain;

namespace Sway.Tests.Connectors.Bluesky;

/// <summary>
/// A linked account on a <see cref="BlueskyFake"/> with posts and reactions, and the interactions a pass over it must
/// find, written down as they are added: recent posts with likes, reposts, replies and quotes (more than a page of each
/// when the page is small), plus what a pass must not find (a post older than the re-read window, the reactions to a
/// post the account merely reposted).
/// </summary>
internal sealed class BlueskyScenario
{
    public const string Did = "did:plc:alice";
    public const string Handle = "alice.example.com";

    private BlueskyScenario(LinkedAccount account, IReadOnlyList<Interaction> expected)
    {
        Account = account;
        Expected = expected;
    }

    public LinkedAccount Account { get; }

    public IReadOnlyList<Interaction> Expected { get; }

    public static DateTimeOffset Since => SwayTestHost.Start - TimeSpan.FromDays(7);

    public static BlueskyScenario Add(BlueskyFake fake, int posts = 3, int likes = 5, int reposts = 3, int replies = 3, int quotes = 3)
    {
        var start = SwayTestHost.Start;
        fake.AddAccount(Did, Handle, "I write about rivers.", followers: 120, follows: 40);
        fake.AddAccount("did:plc:bob", "bob.example.com");
        var expected = new List<Interaction>();

        var old = fake.AddPost(Did, "an old post", start - TimeSpan.FromDays(8));
        fake.Like(old, "did:plc:late", start - TimeSpan.FromHours(1));
        fake.Reply(old, "did:plc:late", start - TimeSpan.FromHours(1));

        var bobs = fake.AddPost("did:plc:bob", "bob's post", start - TimeSpan.FromDays(2));
        fake.AddRepostInFeed(Did, bobs, start - TimeSpan.FromDays(1));
        fake.Like(bobs, "did:plc:fan-of-bob", start - TimeSpan.FromHours(3));

        for (var p = 0; p < posts; p++)
        {
            var at = start - TimeSpan.FromHours(10 * (p + 1));
            var post = fake.AddPost(Did, $"post {p}", at);
            for (var i = 0; i < likes; i++)
            {
                var actor = $"did:plc:liker{i}";
                var likedAt = at + TimeSpan.FromMinutes(i + 1);
                fake.Like(post, actor, likedAt);
                expected.Add(new Interaction($"bluesky:like:{post}:{actor}", "bluesky", actor, Did, InteractionType.Like, post, likedAt));
            }

            for (var i = 0; i < reposts; i++)
            {
                var actor = $"did:plc:reposter{i}";
                fake.Repost(post, actor);
                expected.Add(new Interaction($"bluesky:repost:{post}:{actor}", "bluesky", actor, Did, InteractionType.Repost, post, at));
            }

            for (var i = 0; i < replies; i++)
            {
                var actor = $"did:plc:replier{i}";
                var repliedAt = at + TimeSpan.FromMinutes(30 + i);
                var reply = fake.Reply(post, actor, repliedAt);
                expected.Add(new Interaction($"bluesky:reply:{reply}", "bluesky", actor, Did, InteractionType.Reply, post, repliedAt));
            }

            for (var i = 0; i < quotes; i++)
            {
                var actor = $"did:plc:quoter{i}";
                var quotedAt = at + TimeSpan.FromMinutes(60 + i);
                var quote = fake.Quote(post, actor, quotedAt);
                expected.Add(new Interaction($"bluesky:quote:{quote}", "bluesky", actor, Did, InteractionType.Quote, post, quotedAt));
            }
        }

        return new BlueskyScenario(new LinkedAccount("bluesky", Did, Handle), expected);
    }
}
