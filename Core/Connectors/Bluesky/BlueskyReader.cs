using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sway.Domain;

namespace Sway.Connectors.Bluesky;

/// <summary>
/// Reads Bluesky through the public AppView's XRPC API, no sign-in: <c>app.bsky.actor.getProfile</c> for lookups and
/// figures, <c>app.bsky.feed.getAuthorFeed</c> (posts, no replies, no reposts of others) for the posts of the
/// re-read window, and for each post its likes (<c>getLikes</c>), reposts (<c>getRepostedBy</c>), direct replies
/// (<c>getPostThread</c>, depth 1) and quotes (<c>getQuotes</c>), each list followed by its cursor to its end.
/// Accounts are DIDs; handles may change. Mentions are not read: the only AppView query that finds them
/// (<c>app.bsky.feed.searchPosts?mentions=</c>) refuses requests without sign-in on the public AppView (403 since
/// January 2025), and notifications need the account's own session. Reactions to the author's replies are not read
/// either (the feed is read without replies). Each <see cref="ReadAsync"/> is one request; where it is travels in a
/// <see cref="BlueskyPosition"/>.
/// </summary>
public sealed partial class BlueskyReader(IHttpClientFactory http, IOptions<BlueskyOptions> options, ILogger<BlueskyReader> logger) : IAccountReader
{
    /// <summary>The name of the connector's <see cref="HttpClient"/>.</summary>
    public const string HttpClientName = "bluesky";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly BlueskyOptions _options = options.Value;

    public Network Network => Networks.Bluesky;

    public string SourceName => Networks.Bluesky.Name;

    public TimeSpan ReReadWindow => _options.ReReadWindow;

    /// <summary>DIDs (the accounts' stable ids) and handles, which linking looks up.</summary>
    public bool Serves(string accountIdOrHandle) =>
        accountIdOrHandle.StartsWith("did:", StringComparison.Ordinal) || Networks.Bluesky.HandlePattern.IsMatch(accountIdOrHandle);

    public async Task<PublicAccount?> LookUpAsync(string handle, CancellationToken cancellationToken)
    {
        var profile = await GetAsync<ActorView>("app.bsky.actor.getProfile", [("actor", handle)], NotFound.IsAbsent, cancellationToken);
        if (profile is null)
        {
            return null;
        }

        var feed = await GetAsync<AuthorFeedAnswer>(
            "app.bsky.feed.getAuthorFeed",
            [("actor", profile.Did), ("filter", "posts_with_replies"), ("limit", Count(_options.ProofPosts))],
            NotFound.IsError,
            cancellationToken);
        var texts = new List<string>();
        if (!string.IsNullOrEmpty(profile.Description))
        {
            texts.Add(profile.Description);
        }

        texts.AddRange(feed!.Feed.Where(i => IsOwn(i, profile.Did)).Select(i => i.Post.Record.Text).OfType<string>());
        return new PublicAccount(Network.Name, profile.Did, profile.Handle, FiguresOf(profile), texts);
    }

    public async Task<AccountPage> ReadAsync(LinkedAccount account, string? position, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var at = BlueskyPosition.Parse(position);
        return at.Step switch
        {
            BlueskyStep.Profile => await ReadProfileAsync(account, cancellationToken),
            BlueskyStep.Feed => await ReadFeedAsync(account, at, since, cancellationToken),
            BlueskyStep.Likes => await ReadLikesAsync(account, at, cancellationToken),
            BlueskyStep.Reposts => await ReadRepostsAsync(account, at, cancellationToken),
            BlueskyStep.Replies => await ReadRepliesAsync(account, at, cancellationToken),
            _ => await ReadQuotesAsync(account, at, cancellationToken),
        };
    }

    private async Task<AccountPage> ReadProfileAsync(LinkedAccount account, CancellationToken cancellationToken)
    {
        var profile = await GetAsync<ActorView>("app.bsky.actor.getProfile", [("actor", account.AccountId)], NotFound.IsAbsent, cancellationToken);
        if (profile is null)
        {
            LogAccountGone(logger, account.AccountId);
            return new AccountPage([], Next: null);
        }

        return new AccountPage([], new BlueskyPosition(BlueskyStep.Feed).ToJson(), FiguresOf(profile));
    }

    private async Task<AccountPage> ReadFeedAsync(LinkedAccount account, BlueskyPosition at, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var page = await GetAsync<AuthorFeedAnswer>(
            "app.bsky.feed.getAuthorFeed",
            [("actor", account.AccountId), ("filter", "posts_no_replies"), ("limit", Count(_options.PageSize)), ("cursor", at.FeedCursor)],
            NotFound.IsAbsent,
            cancellationToken);
        if (page is null)
        {
            LogAccountGone(logger, account.AccountId);
            return new AccountPage([], Next: null);
        }

        var own = page.Feed.Where(i => IsOwn(i, account.AccountId)).Select(i => new PostMark(i.Post.Uri, i.Post.TimeOr(since))).ToList();
        var recent = own.Where(p => p.At >= since).ToList();
        var done = own.Count > recent.Count || page.Feed.Count == 0 || string.IsNullOrEmpty(page.Cursor) || page.Cursor == at.FeedCursor;
        var next = recent.Count > 0
            ? new BlueskyPosition(BlueskyStep.Likes, page.Cursor, done, recent)
            : done ? null : new BlueskyPosition(BlueskyStep.Feed, page.Cursor);
        return new AccountPage([], next?.ToJson());
    }

    private async Task<AccountPage> ReadLikesAsync(LinkedAccount account, BlueskyPosition at, CancellationToken cancellationToken)
    {
        var post = at.CurrentPost();
        var page = await GetAsync<LikesAnswer>("app.bsky.feed.getLikes", ListQuery(at), NotFound.IsAbsent, cancellationToken);
        if (page is null)
        {
            return new AccountPage([], at.NextList()?.ToJson());
        }

        var likes = page.Likes.Select(l => Reaction(
            $"bluesky:like:{post.Uri}:{l.Actor.Did}", l.Actor.Did, account, InteractionType.Like, post, PostView.Parse(l.CreatedAt) ?? PostView.Parse(l.IndexedAt) ?? post.At));
        return Page(at, [.. likes], page.Likes.Count, page.Cursor);
    }

    private async Task<AccountPage> ReadRepostsAsync(LinkedAccount account, BlueskyPosition at, CancellationToken cancellationToken)
    {
        var post = at.CurrentPost();
        var page = await GetAsync<RepostedByAnswer>("app.bsky.feed.getRepostedBy", ListQuery(at), NotFound.IsAbsent, cancellationToken);
        if (page is null)
        {
            return new AccountPage([], at.NextList()?.ToJson());
        }

        var reposts = page.RepostedBy.Select(a => Reaction($"bluesky:repost:{post.Uri}:{a.Did}", a.Did, account, InteractionType.Repost, post, post.At));
        return Page(at, [.. reposts], page.RepostedBy.Count, page.Cursor);
    }

    private async Task<AccountPage> ReadRepliesAsync(LinkedAccount account, BlueskyPosition at, CancellationToken cancellationToken)
    {
        var post = at.CurrentPost();
        var thread = await GetAsync<ThreadAnswer>(
            "app.bsky.feed.getPostThread", [("uri", post.Uri), ("depth", "1"), ("parentHeight", "0")], NotFound.IsAbsent, cancellationToken);
        var replies = (thread?.Thread.Replies ?? []).Select(r => r.Post).OfType<PostView>()
            .Select(r => Reaction($"bluesky:reply:{r.Uri}", r.Author.Did, account, InteractionType.Reply, post, r.TimeOr(post.At)));
        return new AccountPage([.. replies], at.NextList()?.ToJson());
    }

    private async Task<AccountPage> ReadQuotesAsync(LinkedAccount account, BlueskyPosition at, CancellationToken cancellationToken)
    {
        var post = at.CurrentPost();
        var page = await GetAsync<QuotesAnswer>("app.bsky.feed.getQuotes", ListQuery(at), NotFound.IsAbsent, cancellationToken);
        if (page is null)
        {
            return new AccountPage([], at.NextList()?.ToJson());
        }

        var quotes = page.Posts.Select(q => Reaction($"bluesky:quote:{q.Uri}", q.Author.Did, account, InteractionType.Quote, post, q.TimeOr(post.At)));
        return Page(at, [.. quotes], page.Posts.Count, page.Cursor);
    }

    /// <summary>The list goes on at its cursor while the page held something and the cursor moved; else the next list.</summary>
    private static AccountPage Page(BlueskyPosition at, IReadOnlyList<Interaction> found, int items, string? cursor)
    {
        var next = items > 0 && !string.IsNullOrEmpty(cursor) && cursor != at.ListCursor ? at.NextPage(cursor) : at.NextList();
        return new AccountPage(found, next?.ToJson());
    }

    private (string, string?)[] ListQuery(BlueskyPosition at) =>
        [("uri", at.CurrentPost().Uri), ("limit", Count(_options.PageSize)), ("cursor", at.ListCursor)];

    private Interaction Reaction(string eventId, string actor, LinkedAccount account, InteractionType type, PostMark post, DateTimeOffset at) =>
        new(eventId, Network.Name, actor, account.AccountId, type, post.Uri, at);

    private static bool IsOwn(FeedItem item, string did) => item.Reason is null && item.Post.Author.Did == did;

    private static AudienceFigures FiguresOf(ActorView profile) =>
        new(profile.FollowersCount ?? 0, profile.FollowsCount ?? 0, profile.PostsCount ?? 0);

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// One XRPC query. Null when <paramref name="notFound"/> says a 400 or 404 means "no such thing"; any other failure
    /// throws (<see cref="HttpRequestException"/>), and an answer that is not JSON of the expected shape throws
    /// <see cref="ConnectorDataException"/> naming the URL.
    /// </summary>
    private async Task<T?> GetAsync<T>(string method, IEnumerable<(string Name, string? Value)> query, NotFound notFound, CancellationToken cancellationToken)
        where T : class
    {
        var parameters = string.Join("&", query.Where(q => q.Value is not null).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}"));
        var url = new Uri($"{_options.ServiceUrl.TrimEnd('/')}/xrpc/{method}?{parameters}");
        using var client = http.CreateClient(HttpClientName);
        using var response = await client.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (notFound == NotFound.IsAbsent && response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            LogNotFound(logger, url, (int)response.StatusCode);
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Bluesky answered {url} with {(int)response.StatusCode} {response.ReasonPhrase}: {ErrorOf(body)}", null, response.StatusCode);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("The answer is null.");
        }
        catch (JsonException ex)
        {
            throw new ConnectorDataException($"Bluesky answered {url} with something that is not the shape of {method}: {ex.Message}", ex);
        }
    }

    private static string ErrorOf(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<XrpcError>(body, Json);
            return $"{error?.Error} {error?.Message}".Trim();
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    /// <summary>
    /// What a 400 or 404 answer means for a query: while reading an account, that the account or post is gone
    /// (deleted, deactivated, taken down), which ends that pass or list instead of failing every later run on it.
    /// </summary>
    private enum NotFound
    {
        IsError,
        IsAbsent,
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bluesky has no {Url} ({Status})")]
    private static partial void LogNotFound(ILogger logger, Uri url, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bluesky no longer shows the linked account {Did} (deleted, deactivated or taken down): its pass ends with nothing read")]
    private static partial void LogAccountGone(ILogger logger, string did);
}
