using System.Text.Json.Nodes;
using Sway.Connectors;
using Sway.Domain;

namespace Sway.Tests.Connectors.Bluesky;

/// <summary>
/// The reader against real AppView answers: the snapshots of Bluesky's own AppView tests (<c>bluesky-api-fixtures</c>,
/// shared data, read in place) served through the loopback fake. Every account and every reaction the recorded JSON
/// holds, counted here independently of the reader, must come out of it.
/// </summary>
public sealed class BlueskyConformanceTests
{
    private const string Fixtures = "bluesky-api-fixtures";
    private static readonly DateTimeOffset Since = DateTimeOffset.UnixEpoch - TimeSpan.FromDays(1);

    [Fact]
    public async Task Every_recorded_profile_is_looked_up_with_its_DID_handle_figures_and_description()
    {
        var snapshots = Snapshots();
        await using var rig = await BlueskyRig.StartAsync();
        var profiles = Directory.GetFiles(snapshots, "profile_*.json").Order(StringComparer.Ordinal)
            .SelectMany(f => ProfilesIn(JsonNode.Parse(File.ReadAllText(f))))
            .ToList();
        rig.Fake.Respond("app.bsky.feed.getAuthorFeed", _ => """{"feed": []}""");

        foreach (var profile in profiles)
        {
            rig.Fake.Respond("app.bsky.actor.getProfile", _ => profile.ToJsonString());
            var handle = (string)profile["handle"]!;

            var found = await rig.Reader.LookUpAsync(handle, TestContext.Current.CancellationToken);

            Assert.NotNull(found);
            Assert.Equal((string)profile["did"]!, found.AccountId);
            Assert.Equal(handle, found.Handle);
            Assert.Equal(new AudienceFigures(Long(profile, "followersCount"), Long(profile, "followsCount"), Long(profile, "postsCount")), found.Figures);
            Assert.Equal(profile["description"] is { } description ? [(string)description!] : [], found.Texts);
        }

        Assert.True(profiles.Count >= 10, $"Only {profiles.Count} recorded profiles were found.");
    }

    [Fact]
    public async Task Every_reaction_in_the_recorded_feeds_likes_reposts_threads_and_quotes_is_read()
    {
        var snapshots = Snapshots();
        var likes = Load(snapshots, "likes_*.json");
        var reposts = Load(snapshots, "reposts_*.json").Select(r => (JsonNode)new JsonObject { ["repostedBy"] = r.DeepClone() }).ToList();
        var quotes = Load(snapshots, "quotes_*.json");
        var thread = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedData.Folder, Fixtures, "MarshalX-atproto", "thread_view_post_with_embed_media.json")))!;
        var profile = File.ReadAllText(Path.Combine(snapshots, "profile_pds_profile_views_fetches_own_profile_1.json"));
        var feeds = Directory.GetFiles(snapshots, "author_feed_*.json").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(feeds);
        var total = 0;

        foreach (var file in feeds)
        {
            await using var rig = await BlueskyRig.StartAsync();
            var items = JsonNode.Parse(File.ReadAllText(file))!.AsArray();
            var did = items.Where(i => i!["reason"] is null).GroupBy(i => (string)i!["post"]!["author"]!["did"]!).MaxBy(g => g.Count())!.Key;
            var own = items.Where(i => i!["reason"] is null && (string)i!["post"]!["author"]!["did"]! == did).Select(i => (string)i!["post"]!["uri"]!).ToList();
            int Index(string uri) => own.IndexOf(uri);
            rig.Fake.Respond("app.bsky.actor.getProfile", _ => profile);
            rig.Fake.Respond("app.bsky.feed.getAuthorFeed", _ => new JsonObject { ["feed"] = items.DeepClone() }.ToJsonString());
            rig.Fake.Respond("app.bsky.feed.getLikes", q => likes[Index(q["uri"]!) % likes.Count].ToJsonString());
            rig.Fake.Respond("app.bsky.feed.getRepostedBy", q => reposts[Index(q["uri"]!) % reposts.Count].ToJsonString());
            rig.Fake.Respond("app.bsky.feed.getQuotes", q => quotes[Index(q["uri"]!) % quotes.Count].ToJsonString());
            rig.Fake.Respond("app.bsky.feed.getPostThread", _ => thread.ToJsonString());
            var expected = own.SelectMany((uri, n) =>
                    Actors(likes[n % likes.Count]["likes"], l => l["actor"]!, InteractionType.Like)
                    .Concat(Actors(reposts[n % reposts.Count]["repostedBy"], a => a, InteractionType.Repost))
                    .Concat(Actors(thread["thread"]!["replies"], r => r["post"]!["author"]!, InteractionType.Reply))
                    .Concat(Actors(quotes[n % quotes.Count]["posts"], p => p["author"]!, InteractionType.Quote))
                    .Select(r => $"{uri} {r}"))
                .Order(StringComparer.Ordinal)
                .ToList();

            var steps = await rig.ReadPassAsync(new LinkedAccount("bluesky", did, "recorded.test"), Since);

            var read = steps.SelectMany(s => s.Page.Interactions).Select(i => $"{i.PostId} {i.Type} {i.ActorId}").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, read);
            Assert.All(steps.SelectMany(s => s.Page.Interactions), i => Assert.Equal(did, i.TargetId));
            Assert.Equal(own.Count, rig.Fake.Count("app.bsky.feed.getLikes"));
            total += read.Count;
        }

        Assert.True(total > 100, $"Only {total} reactions were read from the recorded answers.");
    }

    private static IEnumerable<string> Actors(JsonNode? list, Func<JsonNode, JsonNode> actor, InteractionType type) =>
        (list?.AsArray() ?? []).Select(i => $"{type} {(string)actor(i!)["did"]!}");

    private static List<JsonNode> Load(string folder, string pattern) =>
        [.. Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).Select(f => JsonNode.Parse(File.ReadAllText(f))!)];

    /// <summary>The profile views in a snapshot: one (<c>getProfile</c>), or several (<c>getProfiles</c>, bare or in <c>profiles</c>).</summary>
    private static IEnumerable<JsonNode> ProfilesIn(JsonNode? snapshot) => snapshot switch
    {
        JsonArray all => all.OfType<JsonNode>().SelectMany(ProfilesIn),
        JsonObject { } one when one["profiles"] is JsonArray many => ProfilesIn(many),
        JsonObject { } one when one["did"] is not null && one["handle"] is not null => [one],
        _ => [],
    };

    private static long Long(JsonNode profile, string name) => profile[name] is { } value ? (long)value : 0;

    /// <summary>The folder of the AppView snapshots, or a skipped test naming the setting.</summary>
    private static string Snapshots()
    {
        var folder = Path.Combine(SharedData.Folder, Fixtures, "atproto-appview-snapshots", "json");
        if (!Directory.Exists(folder))
        {
            Assert.Skip($"The recorded Bluesky AppView answers ('{folder}') are absent; set {SharedData.Setting} to the shared data folder to run this test.");
        }

        return folder;
    }
}
