using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sway.Connectors.Bluesky;

/// <summary>
/// Where a pass over a Bluesky account is, as the opaque position of <see cref="BlueskyReader"/>: the next request is
/// <see cref="Step"/> (the profile, a page of the author feed, or one page of a list of reactions to the first of
/// <see cref="Posts"/>). <see cref="Posts"/> are the posts of the feed page read last that are still to be read, so
/// no step needs a second request; <see cref="FeedCursor"/> is where the feed goes on after them (null with
/// <see cref="FeedDone"/>: the pass ends after them).
/// </summary>
internal sealed record BlueskyPosition(
    [property: JsonPropertyName("s")] BlueskyStep Step,
    [property: JsonPropertyName("f")] string? FeedCursor = null,
    [property: JsonPropertyName("d")] bool FeedDone = false,
    [property: JsonPropertyName("p")] IReadOnlyList<PostMark>? Posts = null,
    [property: JsonPropertyName("c")] string? ListCursor = null)
{
    public static BlueskyPosition Start { get; } = new(BlueskyStep.Profile);

    /// <summary>The post whose reactions the step reads.</summary>
    public PostMark CurrentPost() => Posts is [var first, ..] ? first : throw new InvalidOperationException($"A {Step} step has no post.");

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>A stored position; null, or one that is not a position (damage, an older format), starts the pass over.</summary>
    public static BlueskyPosition Parse(string? position)
    {
        if (string.IsNullOrEmpty(position))
        {
            return Start;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<BlueskyPosition>(position);
            return parsed is null || (parsed.Step is not (BlueskyStep.Profile or BlueskyStep.Feed) && parsed.Posts is not { Count: > 0 }) ? Start : parsed;
        }
        catch (JsonException)
        {
            return Start;
        }
    }

    /// <summary>The same list of the same post, from the next page.</summary>
    public BlueskyPosition NextPage(string cursor) => this with { ListCursor = cursor };

    /// <summary>The next list of reactions to the same post, or the next post, or the next feed page, or the end (null).</summary>
    public BlueskyPosition? NextList()
    {
        if (Step != BlueskyStep.Quotes)
        {
            return this with { Step = Step + 1, ListCursor = null };
        }

        if (Posts is { Count: > 1 })
        {
            return this with { Step = BlueskyStep.Likes, Posts = [.. Posts.Skip(1)], ListCursor = null };
        }

        return FeedDone ? null : new BlueskyPosition(BlueskyStep.Feed, FeedCursor);
    }
}

/// <summary>The requests of a pass over an account, in their order for each post.</summary>
internal enum BlueskyStep
{
    Profile,
    Feed,
    Likes,
    Reposts,
    Replies,
    Quotes,
}

/// <summary>A post to read the reactions to: its <c>at://</c> URI and its time (a repost's time: the AppView names none).</summary>
internal sealed record PostMark(
    [property: JsonPropertyName("u")] string Uri,
    [property: JsonPropertyName("t")] DateTimeOffset At);
