using System.Text.Json.Serialization;

namespace Sway.Connectors.Bluesky;

/// <summary>The answer of <c>app.bsky.feed.getAuthorFeed</c>: a page of the author's feed and the cursor of the next.</summary>
internal sealed record AuthorFeedAnswer(IReadOnlyList<FeedItem> Feed, string? Cursor = null);

/// <summary>
/// One item of an author feed (<c>app.bsky.feed.defs#feedViewPost</c>). An item with a <see cref="Reason"/> is the
/// author reposting (or pinning) a post, not a post of theirs made there.
/// </summary>
internal sealed record FeedItem(PostView Post, FeedReason? Reason = null);

/// <summary>Why an item is in a feed (<c>#reasonRepost</c>, <c>#reasonPin</c>).</summary>
internal sealed record FeedReason([property: JsonPropertyName("$type")] string? Type = null);

/// <summary>The answer of <c>app.bsky.feed.getLikes</c>.</summary>
internal sealed record LikesAnswer(IReadOnlyList<LikeView> Likes, string? Cursor = null);

/// <summary>One like of a post: who, when they say they liked it, and when the AppView indexed it.</summary>
internal sealed record LikeView(ActorView Actor, string? CreatedAt = null, string? IndexedAt = null);

/// <summary>The answer of <c>app.bsky.feed.getRepostedBy</c>: the accounts that reposted the post (no time).</summary>
internal sealed record RepostedByAnswer(IReadOnlyList<ActorView> RepostedBy, string? Cursor = null);

/// <summary>The answer of <c>app.bsky.feed.getQuotes</c>: the posts that quote the post.</summary>
internal sealed record QuotesAnswer(IReadOnlyList<PostView> Posts, string? Cursor = null);

/// <summary>The answer of <c>app.bsky.feed.getPostThread</c>.</summary>
internal sealed record ThreadAnswer(ThreadNode Thread);

/// <summary>
/// A node of a thread (<c>#threadViewPost</c>, or <c>#notFoundPost</c>/<c>#blockedPost</c>, which carry no post): the
/// post and its direct replies.
/// </summary>
internal sealed record ThreadNode(PostView? Post = null, IReadOnlyList<ThreadNode>? Replies = null);

/// <summary>An XRPC error answer (<c>{"error": "NotFound", "message": "..."}</c>).</summary>
internal sealed record XrpcError(string? Error = null, string? Message = null);
