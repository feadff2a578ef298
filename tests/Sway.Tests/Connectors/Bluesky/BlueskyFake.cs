using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sway.Tests.Connectors.Bluesky;

/// <summary>
/// The public Bluesky AppView on loopback (Kestrel on 127.0.0.1, a free port): the XRPC queries the connector reads
/// (<c>getProfile</c>, <c>getAuthorFeed</c>, <c>getLikes</c>, <c>getRepostedBy</c>, <c>getPostThread</c>,
/// <c>getQuotes</c>) answered in the real answers' shape from accounts, posts and reactions a test adds, in pages of
/// <see cref="PageSize"/> followed by opaque cursors (a full page names a cursor, as the AppView does, so the last one
/// may be empty). Knobs: faults for the next requests of a query (429 with <c>Retry-After</c> in both forms,
/// <c>RateLimit-Remaining: 0</c>, a 5xx, malformed, truncated or wrongly shaped JSON), raw answers (recorded ones),
/// a hook on the n-th request; every request is recorded with the time of the fake's clock.
/// </summary>
internal sealed class BlueskyFake : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly List<Post> _posts = [];
    private readonly List<(string Method, BlueskyFault Fault, int Skip)> _faults = [];
    private readonly Dictionary<string, Func<IQueryCollection, string?>> _raw = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Action> _hooks = [];
    private readonly List<FakeRequest> _requests = [];

    private BlueskyFake(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    /// <summary>The clock the fake stamps requests with and measures <c>Retry-After</c> dates and resets on (the host's, in host tests).</summary>
    public TimeProvider Clock { get; set; }

    /// <summary>The AppView's address, for <c>Connectors:Bluesky:ServiceUrl</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The most items a page holds (a request's <c>limit</c> may ask for fewer).</summary>
    public int PageSize { get; set; } = 50;

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<BlueskyFake> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new BlueskyFake(app, clock);
        app.MapGet("/xrpc/{method}", (HttpContext context, string method) => fake.AnswerAsync(context, method));
        await app.StartAsync(TestContext.Current.CancellationToken);
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return fake;
    }

    public string AddAccount(string did, string handle, string description = "", long followers = 0, long follows = 0)
    {
        lock (_gate)
        {
            _accounts[did] = new Account(did, handle, description, followers, follows);
        }

        return did;
    }

    /// <summary>The owner changes the handle; the DID stays.</summary>
    public void Rename(string did, string handle)
    {
        lock (_gate)
        {
            _accounts[did] = _accounts[did] with { Handle = handle };
        }
    }

    /// <summary>The account is deleted or taken down: the AppView no longer shows it or its feed.</summary>
    public void RemoveAccount(string did)
    {
        lock (_gate)
        {
            _accounts.Remove(did);
        }
    }

    public void SetDescription(string did, string description)
    {
        lock (_gate)
        {
            _accounts[did] = _accounts[did] with { Description = description };
        }
    }

    /// <summary>A post of <paramref name="did"/>; returns its <c>at://</c> URI.</summary>
    public string AddPost(string did, string text, DateTimeOffset at)
    {
        lock (_gate)
        {
            var uri = $"at://{did}/app.bsky.feed.post/3k{_posts.Count:D11}";
            _posts.Add(new Post(uri, did, text, at, null, null));
            return uri;
        }
    }

    /// <summary><paramref name="did"/> reposts someone else's post: an item of its feed with a <c>reasonRepost</c>.</summary>
    public void AddRepostInFeed(string did, string postUri, DateTimeOffset at)
    {
        lock (_gate)
        {
            _posts.Add(new Post($"at://{did}/app.bsky.feed.repost/3r{_posts.Count:D11}", did, "", at, null, null) { RepostOf = postUri });
        }
    }

    public void Like(string postUri, string actor, DateTimeOffset at)
    {
        lock (_gate)
        {
            Find(postUri).Likes.Add((actor, at));
        }
    }

    public void Repost(string postUri, string actor)
    {
        lock (_gate)
        {
            Find(postUri).Reposts.Add(actor);
        }
    }

    /// <summary>A direct reply to <paramref name="postUri"/>; returns the reply's URI.</summary>
    public string Reply(string postUri, string actor, DateTimeOffset at, string text = "a reply")
    {
        lock (_gate)
        {
            var uri = $"at://{actor}/app.bsky.feed.post/3y{_posts.Count:D11}";
            _posts.Add(new Post(uri, actor, text, at, ReplyTo: postUri, QuoteOf: null));
            return uri;
        }
    }

    /// <summary>A post quoting <paramref name="postUri"/>; returns the quote's URI.</summary>
    public string Quote(string postUri, string actor, DateTimeOffset at, string text = "a quote")
    {
        lock (_gate)
        {
            var uri = $"at://{actor}/app.bsky.feed.post/3q{_posts.Count:D11}";
            _posts.Add(new Post(uri, actor, text, at, ReplyTo: null, QuoteOf: postUri));
            return uri;
        }
    }

    /// <summary>The <paramref name="skip"/>+1-th next request of <paramref name="method"/> (e.g. <c>app.bsky.feed.getLikes</c>) meets <paramref name="fault"/>.</summary>
    public void Fail(string method, BlueskyFault fault, int skip = 0)
    {
        lock (_gate)
        {
            _faults.Add((method, fault, skip));
        }
    }

    /// <summary>Answers <paramref name="method"/> with this raw JSON (null: a 400 <c>NotFound</c>) instead of the model.</summary>
    public void Respond(string method, Func<IQueryCollection, string?> answer)
    {
        lock (_gate)
        {
            _raw[method] = answer;
        }
    }

    /// <summary>Runs <paramref name="action"/> when the <paramref name="number"/>-th request (from 1) arrives, before it is answered.</summary>
    public void OnRequest(int number, Action action)
    {
        lock (_gate)
        {
            _hooks[number] = action;
        }
    }

    public int Count(string method) => Requests.Count(r => r.Method == method);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context, string method)
    {
        Action? hook;
        BlueskyFault? fault = null;
        Func<IQueryCollection, string?>? raw;
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            _requests.Add(new FakeRequest(method, context.Request.QueryString.Value ?? "", now));
            _hooks.Remove(_requests.Count, out hook);
            for (var i = 0; i < _faults.Count; i++)
            {
                if (_faults[i].Method != method)
                {
                    continue;
                }

                if (_faults[i].Skip == 0)
                {
                    fault = _faults[i].Fault;
                    _faults.RemoveAt(i);
                    break;
                }

                _faults[i] = _faults[i] with { Skip = _faults[i].Skip - 1 };
                break;
            }

            _raw.TryGetValue(method, out raw);
        }

        hook?.Invoke();
        var response = context.Response;
        switch (fault?.Kind)
        {
            case BlueskyFaultKind.RetryAfterSeconds:
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = ((long)fault.Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await response.WriteAsync("""{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}""");
                return;
            case BlueskyFaultKind.RetryAfterDate:
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = (now + fault.Wait).ToString("R", CultureInfo.InvariantCulture);
                await response.WriteAsync("""{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}""");
                return;
            case BlueskyFaultKind.Gone:
                response.StatusCode = StatusCodes.Status400BadRequest;
                await response.WriteAsync("""{"error":"InvalidRequest","message":"Could not find the record"}""");
                return;
            case BlueskyFaultKind.ServerError:
                response.StatusCode = StatusCodes.Status502BadGateway;
                await response.WriteAsync("""{"error":"UpstreamFailure"}""");
                return;
            case BlueskyFaultKind.WindowUsedUp:
                response.Headers["RateLimit-Limit"] = "3000";
                response.Headers["RateLimit-Remaining"] = "0";
                response.Headers["RateLimit-Reset"] = (now + fault.Wait).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                break;
        }

        string? body;
        lock (_gate)
        {
            body = raw is not null ? raw(context.Request.Query) : Model(method, context.Request.Query)?.ToJsonString(Json);
        }

        if (body is null)
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await response.WriteAsync(method == "app.bsky.actor.getProfile"
                ? """{"error":"InvalidRequest","message":"Profile not found"}"""
                : """{"error":"NotFound","message":"Not found"}""");
            return;
        }

        body = fault?.Kind switch
        {
            BlueskyFaultKind.Malformed => """{"feed": [{"post": {"uri": "at://x", author: }]}""",
            BlueskyFaultKind.Truncated => body[..(body.Length / 2)],
            BlueskyFaultKind.WrongShape => """{"unexpected": [1, 2, 3]}""",
            _ => body,
        };
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(body);
    }

    private JsonObject? Model(string method, IQueryCollection query)
    {
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var asked) ? Math.Min(asked, PageSize) : PageSize;
        var offset = int.TryParse(query["cursor"], CultureInfo.InvariantCulture, out var from) ? from : 0;
        string uri = query["uri"].ToString();
        switch (method)
        {
            case "app.bsky.actor.getProfile":
                var actor = ActorOf(query["actor"].ToString());
                return actor is null ? null : new JsonObject
                {
                    ["did"] = actor.Did,
                    ["handle"] = actor.Handle,
                    ["description"] = actor.Description,
                    ["followersCount"] = actor.Followers,
                    ["followsCount"] = actor.Follows,
                    ["postsCount"] = _posts.Count(p => p.Author == actor.Did && p.RepostOf is null),
                    ["labels"] = new JsonArray(),
                };
            case "app.bsky.feed.getAuthorFeed":
                var author = ActorOf(query["actor"].ToString());
                if (author is null)
                {
                    return null;
                }

                var items = _posts.Where(p => p.Author == author.Did && p.ReplyTo is null)
                    .OrderByDescending(p => p.At).ThenByDescending(p => p.Uri, StringComparer.Ordinal)
                    .Select(p => p.RepostOf is null
                        ? new JsonObject { ["post"] = PostView(p) }
                        : new JsonObject
                        {
                            ["post"] = PostView(Find(p.RepostOf)),
                            ["reason"] = new JsonObject { ["$type"] = "app.bsky.feed.defs#reasonRepost", ["by"] = ActorView(p.Author), ["indexedAt"] = Time(p.At) },
                        });
                return Paged("feed", items, offset, limit);
            case "app.bsky.feed.getLikes":
                var liked = _posts.FirstOrDefault(p => p.Uri == uri);
                return Paged("likes", (liked?.Likes ?? []).OrderByDescending(l => l.At).Select(l => new JsonObject
                {
                    ["actor"] = ActorView(l.Actor),
                    ["createdAt"] = Time(l.At),
                    ["indexedAt"] = Time(l.At.AddSeconds(1)),
                }), offset, limit, uri);
            case "app.bsky.feed.getRepostedBy":
                var reposted = _posts.FirstOrDefault(p => p.Uri == uri);
                return Paged("repostedBy", (reposted?.Reposts ?? []).AsEnumerable().Reverse().Select(ActorView), offset, limit, uri);
            case "app.bsky.feed.getQuotes":
                return Paged("posts", _posts.Where(p => p.QuoteOf == uri).OrderByDescending(p => p.At).Select(PostView), offset, limit, uri);
            case "app.bsky.feed.getPostThread":
                var root = _posts.FirstOrDefault(p => p.Uri == uri && p.RepostOf is null);
                return root is null ? null : new JsonObject
                {
                    ["thread"] = new JsonObject
                    {
                        ["$type"] = "app.bsky.feed.defs#threadViewPost",
                        ["post"] = PostView(root),
                        ["replies"] = new JsonArray([.. _posts.Where(p => p.ReplyTo == uri).OrderBy(p => p.At).Select(p => (JsonNode)new JsonObject
                        {
                            ["$type"] = "app.bsky.feed.defs#threadViewPost",
                            ["post"] = PostView(p),
                            ["replies"] = new JsonArray(),
                        })]),
                    },
                };
            default:
                return null;
        }
    }

    private static JsonObject Paged(string name, IEnumerable<JsonNode> all, int offset, int limit, string? uri = null)
    {
        var page = all.Skip(offset).Take(limit).ToList();
        var answer = new JsonObject();
        if (uri is not null)
        {
            answer["uri"] = uri;
        }

        answer[name] = new JsonArray([.. page]);
        if (page.Count == limit)
        {
            answer["cursor"] = (offset + limit).ToString(CultureInfo.InvariantCulture);
        }

        return answer;
    }

    private Account? ActorOf(string didOrHandle) =>
        _accounts.Values.FirstOrDefault(a => a.Did == didOrHandle || a.Handle == didOrHandle);

    private Post Find(string uri) => _posts.Single(p => p.Uri == uri);

    private JsonObject ActorView(string did) => new()
    {
        ["did"] = did,
        ["handle"] = _accounts.TryGetValue(did, out var account) ? account.Handle : did[(did.LastIndexOf(':') + 1)..] + ".example.org",
        ["labels"] = new JsonArray(),
        ["viewer"] = new JsonObject { ["muted"] = false, ["blockedBy"] = false },
    };

    private JsonObject PostView(Post post)
    {
        var record = new JsonObject { ["$type"] = "app.bsky.feed.post", ["createdAt"] = Time(post.At), ["text"] = post.Text };
        if (post.ReplyTo is not null)
        {
            record["reply"] = new JsonObject { ["root"] = new JsonObject { ["uri"] = post.ReplyTo }, ["parent"] = new JsonObject { ["uri"] = post.ReplyTo } };
        }

        if (post.QuoteOf is not null)
        {
            record["embed"] = new JsonObject { ["$type"] = "app.bsky.embed.record", ["record"] = new JsonObject { ["uri"] = post.QuoteOf } };
        }

        return new JsonObject
        {
            ["uri"] = post.Uri,
            ["cid"] = "bafy" + post.Uri.Length.ToString(CultureInfo.InvariantCulture),
            ["author"] = ActorView(post.Author),
            ["record"] = record,
            ["indexedAt"] = Time(post.At.AddSeconds(1)),
            ["likeCount"] = post.Likes.Count,
            ["repostCount"] = post.Reposts.Count,
            ["labels"] = new JsonArray(),
        };
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private sealed record Account(string Did, string Handle, string Description, long Followers, long Follows);

    private sealed record Post(string Uri, string Author, string Text, DateTimeOffset At, string? ReplyTo, string? QuoteOf)
    {
        public string? RepostOf { get; init; }

        public List<(string Actor, DateTimeOffset At)> Likes { get; } = [];

        public List<string> Reposts { get; } = [];
    }
}

/// <summary>A request <see cref="BlueskyFake"/> received: the XRPC query, its query string, and when on the fake's clock.</summary>
internal sealed record FakeRequest(string Method, string Query, DateTimeOffset At);
