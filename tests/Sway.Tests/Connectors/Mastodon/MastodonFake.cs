using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sway.Tests.Connectors.Mastodon;

/// <summary>
/// A Mastodon instance's REST API (v1) on a loopback port, for the connector's tests: accounts, statuses (posts,
/// replies, reblogs, quotes), favourites and mention notifications, answered in the API's real shapes with its
/// <c>Link</c> paging and snowflake ids. Knobs: the page size, the token notifications require, faults aimed at a
/// request number (a 429 with <c>Retry-After</c> in seconds or as a date, a used-up rate-limit window, a 5xx, malformed
/// or truncated JSON, another shape) or every request from one on (a crash), and recorded answers served as they were.
/// Every request is counted and stamped with the test's clock.
/// </summary>
public sealed class MastodonFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly List<FakeAccount> _accounts = [];
    private readonly List<FakeStatus> _statuses = [];
    private readonly List<(FakeAccount By, FakeStatus Status)> _favourites = [];
    private readonly List<FakeNotification> _notifications = [];
    private readonly ConcurrentDictionary<int, FakeFault> _faults = new();
    private readonly ConcurrentDictionary<string, (string Body, string? Link)> _recorded = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly Lock _gate = new();
    private int _requestCount;
    private int _seq;
    private int? _failingFrom;

    private MastodonFake(WebApplication app, TimeProvider clock, string domain)
    {
        _app = app;
        _clock = clock;
        Domain = domain;
    }

    /// <summary>The instance's domain: its local accounts are <c>user@{Domain}</c>.</summary>
    public string Domain { get; }

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The most items a page holds, whatever the request's <c>limit</c>.</summary>
    public int PageSize { get; set; } = 40;

    /// <summary>When set, notifications answer 401 to a request without <c>Authorization: Bearer {Token}</c>.</summary>
    public string? Token { get; set; }

    /// <summary>Whose notifications <see cref="Token"/> reads.</summary>
    public FakeAccount? TokenOwner { get; set; }

    public int RequestCount => Volatile.Read(ref _requestCount);

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    public static async Task<MastodonFake> StartAsync(TimeProvider clock, string domain = "example.social")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new MastodonFake(app, clock, domain);
        app.Run(fake.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    // ---- data ----

    /// <summary>An account of this instance (<paramref name="remoteDomain"/> null) or one of another instance it knows.</summary>
    public FakeAccount AddAccount(string username, string? remoteDomain = null, string note = "", IReadOnlyList<(string Name, string Value)>? fields = null, long followers = 0, long following = 0)
    {
        lock (_gate)
        {
            var account = new FakeAccount(NewId(_clock.GetUtcNow().AddYears(-1)).ToString(CultureInfo.InvariantCulture), username, remoteDomain is null ? username : $"{username}@{remoteDomain}")
            {
                Note = note,
                Fields = [.. fields ?? []],
                Followers = followers,
                Following = following,
            };
            _accounts.Add(account);
            return account;
        }
    }

    public FakeStatus AddStatus(FakeAccount author, DateTimeOffset at, string content = "", FakeStatus? inReplyTo = null, FakeStatus? quoting = null, params FakeAccount[] mentions)
    {
        lock (_gate)
        {
            var status = new FakeStatus(NewId(at), author, at, content, inReplyTo, Reblog: null, quoting, mentions);
            _statuses.Add(status);
            return status;
        }
    }

    public void Favourite(FakeAccount by, FakeStatus status)
    {
        lock (_gate)
        {
            _favourites.Add((by, status));
        }
    }

    /// <summary><paramref name="by"/> reblogs <paramref name="status"/>: a reblog status of theirs wrapping it.</summary>
    public FakeStatus Reblog(FakeAccount by, FakeStatus status, DateTimeOffset at)
    {
        lock (_gate)
        {
            var reblog = new FakeStatus(NewId(at), by, at, "", InReplyTo: null, Reblog: status, Quoting: null, []);
            _statuses.Add(reblog);
            return reblog;
        }
    }

    public FakeStatus Reply(FakeAccount by, FakeStatus to, DateTimeOffset at, string content = "") => AddStatus(by, at, content, inReplyTo: to, mentions: to.Author);

    public FakeStatus Quote(FakeAccount by, FakeStatus quoted, DateTimeOffset at) => AddStatus(by, at, "quoting", quoting: quoted);

    /// <summary><paramref name="by"/> posts a status mentioning <paramref name="whom"/>, which notifies <see cref="TokenOwner"/> when it is among them.</summary>
    public FakeStatus Mention(FakeAccount by, DateTimeOffset at, params FakeAccount[] whom)
    {
        var status = AddStatus(by, at, "hello " + string.Join(" ", whom.Select(w => "@" + w.Acct)), mentions: whom);
        lock (_gate)
        {
            _notifications.Add(new FakeNotification(NewId(at), "mention", at, by, status));
        }

        return status;
    }

    /// <summary>A notification of another type (a favourite, a follow), which a mentions-only reader must not ask for.</summary>
    public void Notify(string type, FakeAccount by, DateTimeOffset at, FakeStatus? status = null)
    {
        lock (_gate)
        {
            _notifications.Add(new FakeNotification(NewId(at), type, at, by, status));
        }
    }

    /// <summary>A recorded answer, served as it is for its path (matched with its <c>acct</c> and <c>max_id</c> parameters); its <c>Link</c> header's host is rewritten to this fake's.</summary>
    public void Serve(string pathAndQuery, string body, string? link = null) => _recorded[RouteKey(pathAndQuery)] = (body, link);

    // ---- faults ----

    /// <summary>Request number <paramref name="request"/> (1-based, retries counted) is answered with <paramref name="fault"/>.</summary>
    public void FailOn(int request, FakeFault fault) => _faults[request] = fault;

    /// <summary>The next request is answered with <paramref name="fault"/>.</summary>
    public void FailNext(FakeFault fault) => FailOn(RequestCount + 1, fault);

    /// <summary>Every request from number <paramref name="request"/> on answers 500, as if the run crashed there, until <see cref="Heal"/>.</summary>
    public void FailFrom(int request) => _failingFrom = request;

    public void Heal()
    {
        _failingFrom = null;
        _faults.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---- serving ----

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requestCount);
        var pathAndQuery = context.Request.Path + context.Request.QueryString;
        _requests.Enqueue(new FakeRequest(number, context.Request.Method, pathAndQuery, _clock.GetUtcNow(), context.Request.Headers.Authorization.ToString()));
        var response = context.Response;
        if (_failingFrom is { } from && number >= from)
        {
            await WriteAsync(response, 500, """{"error":"crashed"}""");
            return;
        }

        _faults.TryRemove(number, out var fault);
        switch (fault?.Kind)
        {
            case FakeFaultKind.TooManyRequests:
                response.Headers.RetryAfter = ((int)fault.Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await WriteAsync(response, 429, """{"error":"Too many requests"}""");
                return;
            case FakeFaultKind.TooManyRequestsUntilDate:
                response.Headers.RetryAfter = (_clock.GetUtcNow() + fault.Wait).ToString("r", CultureInfo.InvariantCulture);
                await WriteAsync(response, 429, """{"error":"Too many requests"}""");
                return;
            case FakeFaultKind.ServerError:
                await WriteAsync(response, 503, """{"error":"unavailable"}""");
                return;
            case FakeFaultKind.Malformed:
                await WriteAsync(response, 200, """[{"id": "1", "acct": oops""");
                return;
            case FakeFaultKind.WrongShape:
                await WriteAsync(response, 200, """{"error": "not the list you asked for"}""");
                return;
            default:
                break;
        }

        var (status, body, link) = Answer(context.Request);
        if (fault?.Kind == FakeFaultKind.Truncated)
        {
            body = body[..(body.Length / 2)];
        }

        var reset = _clock.GetUtcNow() + (fault?.Kind == FakeFaultKind.WindowUsedUp ? fault.Wait : TimeSpan.FromMinutes(5));
        response.Headers["X-RateLimit-Limit"] = "300";
        response.Headers["X-RateLimit-Remaining"] = fault?.Kind == FakeFaultKind.WindowUsedUp ? "0" : "299";
        response.Headers["X-RateLimit-Reset"] = reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        if (link is not null)
        {
            response.Headers["Link"] = link;
        }

        await WriteAsync(response, status, body);
    }

    private static async Task WriteAsync(HttpResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    private (int Status, string Body, string? Link) Answer(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (_recorded.TryGetValue(RouteKey(path + request.QueryString), out var recorded))
        {
            return (200, recorded.Body, recorded.Link?.Replace("http://localhost:3000/", BaseUrl.ToString(), StringComparison.Ordinal));
        }

        var segments = path.Trim('/').Split('/');
        var limit = Math.Min(int.TryParse(request.Query["limit"], out var asked) ? asked : 20, PageSize);
        long? maxId = long.TryParse(request.Query["max_id"], out var max) ? max : null;
        lock (_gate)
        {
            switch (segments)
            {
                case ["api", "v1", "accounts", "lookup"]:
                    var acct = request.Query["acct"].ToString();
                    var found = _accounts.FirstOrDefault(a => string.Equals(a.Acct, acct, StringComparison.OrdinalIgnoreCase) || string.Equals(a.Acct + "@" + Domain, acct, StringComparison.OrdinalIgnoreCase));
                    return found is null ? NotFound() : (200, Json(AccountJson(found)), null);
                case ["api", "v1", "accounts", var id, "statuses"]:
                    var author = _accounts.FirstOrDefault(a => a.Id == id);
                    if (author is null)
                    {
                        return NotFound();
                    }

                    var exclude = request.Query["exclude_reblogs"] == "true";
                    return Paged(_statuses.Where(s => s.Author == author && !(exclude && s.Reblog is not null)).OrderByDescending(s => s.Id).Select(s => (s.Id, StatusJson(s))), path, limit, maxId);
                case ["api", "v1", "statuses", var id, "favourited_by"]:
                    return Reactions(id, s => _favourites.Where(f => f.Status == s).Select(f => f.By), path, limit, maxId);
                case ["api", "v1", "statuses", var id, "reblogged_by"]:
                    return Reactions(id, s => _statuses.Where(r => r.Reblog == s).Select(r => r.Author), path, limit, maxId);
                case ["api", "v1", "statuses", var id, "quotes"]:
                    var quoted = StatusById(id);
                    return quoted is null ? NotFound() : Paged(_statuses.Where(q => q.Quoting == quoted).OrderByDescending(q => q.Id).Select(q => (q.Id, StatusJson(q))), path, limit, maxId);
                case ["api", "v1", "statuses", var id, "context"]:
                    var root = StatusById(id);
                    if (root is null)
                    {
                        return NotFound();
                    }

                    var descendants = new JsonArray([.. Descendants(root).OrderBy(s => s.Id).Select(StatusJson)]);
                    return (200, Json(new JsonObject { ["ancestors"] = new JsonArray(), ["descendants"] = descendants }), null);
                case ["api", "v1", "notifications"]:
                    if (Token is not null && request.Headers.Authorization != $"Bearer {Token}")
                    {
                        return (401, """{"error":"The access token is invalid"}""", null);
                    }

                    var types = request.Query["types[]"].Select(t => t!).ToHashSet(StringComparer.Ordinal);
                    var mine = _notifications
                        .Where(n => types.Count == 0 || types.Contains(n.Type))
                        .Where(n => TokenOwner is null || n.Status is null || n.Status.Mentions.Contains(TokenOwner) || n.Status.Author == TokenOwner)
                        .OrderByDescending(n => n.Id);
                    return Paged(mine.Select(n => (n.Id, NotificationJson(n))), path, limit, maxId, keep: request.Query["types[]"].Select(t => "types%5B%5D=" + t));
                default:
                    return NotFound();
            }
        }
    }

    private (int, string, string?) Reactions(string statusId, Func<FakeStatus, IEnumerable<FakeAccount>> who, string path, int limit, long? maxId)
    {
        var status = StatusById(statusId);
        if (status is null)
        {
            return NotFound();
        }

        // Paged by the reaction's own id (the API pages favourites and reblogs by theirs, not the account's): here its rank, newest first.
        var reactors = who(status).Reverse().Select((a, i) => ((long)(1_000_000 - i), AccountJson(a)));
        return Paged(reactors, path, limit, maxId);
    }

    private (int, string, string?) Paged(IEnumerable<(long Id, JsonObject Json)> newestFirst, string path, int limit, long? maxId, IEnumerable<string>? keep = null)
    {
        var page = newestFirst.Where(x => maxId is null || x.Id < maxId).Take(limit).ToList();
        string? link = null;
        if (page.Count == limit && page.Count > 0)
        {
            var query = string.Join("&", new[] { $"limit={limit}", $"max_id={page[^1].Id}" }.Concat(keep ?? []));
            link = $"<{BaseUrl}{path.TrimStart('/')}?{query}>; rel=\"next\", <{BaseUrl}{path.TrimStart('/')}?min_id={page[0].Id}>; rel=\"prev\"";
        }

        return (200, Json(new JsonArray([.. page.Select(x => x.Json)])), link);
    }

    private IEnumerable<FakeStatus> Descendants(FakeStatus root)
    {
        foreach (var child in _statuses.Where(s => s.InReplyTo == root))
        {
            yield return child;
            foreach (var below in Descendants(child))
            {
                yield return below;
            }
        }
    }

    private FakeStatus? StatusById(string id) => _statuses.FirstOrDefault(s => s.Id.ToString(CultureInfo.InvariantCulture) == id);

    private static (int, string, string?) NotFound() => (404, """{"error":"Record not found"}""", null);

    private static string Json(JsonNode node) => node.ToJsonString();

    private static string RouteKey(string pathAndQuery)
    {
        var at = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = at < 0 ? pathAndQuery : pathAndQuery[..at];
        IEnumerable<string> query = at < 0 ? [] : pathAndQuery[(at + 1)..].Split('&').Where(p => p.StartsWith("max_id=", StringComparison.Ordinal) || p.StartsWith("acct=", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        return path.TrimEnd('/') + "?" + string.Join("&", query);
    }

    private long NewId(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() << 16) | (long)(++_seq & 0xffff);

    private JsonObject AccountJson(FakeAccount a) => new()
    {
        ["id"] = a.Id,
        ["username"] = a.Username,
        ["acct"] = a.Acct,
        ["display_name"] = a.Username,
        ["locked"] = false,
        ["bot"] = false,
        ["created_at"] = "2025-01-01T00:00:00.000Z",
        ["note"] = a.Note,
        ["url"] = $"{BaseUrl}@{a.Acct}",
        ["followers_count"] = a.Followers,
        ["following_count"] = a.Following,
        ["statuses_count"] = _statuses.Count(s => s.Author == a),
        ["last_status_at"] = null,
        ["emojis"] = new JsonArray(),
        ["fields"] = new JsonArray([.. a.Fields.Select(f => new JsonObject { ["name"] = f.Name, ["value"] = f.Value, ["verified_at"] = null })]),
    };

    private JsonObject StatusJson(FakeStatus s) => new()
    {
        ["id"] = s.Id.ToString(CultureInfo.InvariantCulture),
        ["created_at"] = s.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["in_reply_to_id"] = s.InReplyTo?.Id.ToString(CultureInfo.InvariantCulture),
        ["in_reply_to_account_id"] = s.InReplyTo?.Author.Id,
        ["sensitive"] = false,
        ["spoiler_text"] = "",
        ["visibility"] = "public",
        ["language"] = "en",
        ["uri"] = $"{BaseUrl}users/{s.Author.Username}/statuses/{s.Id}",
        ["replies_count"] = _statuses.Count(r => r.InReplyTo == s),
        ["reblogs_count"] = _statuses.Count(r => r.Reblog == s),
        ["favourites_count"] = _favourites.Count(f => f.Status == s),
        ["quotes_count"] = _statuses.Count(q => q.Quoting == s),
        ["content"] = s.Reblog is null ? $"<p>{WebUtility.HtmlEncode(s.Content)}</p>" : "",
        ["reblog"] = s.Reblog is null ? null : StatusJson(s.Reblog),
        ["account"] = AccountJson(s.Author),
        ["media_attachments"] = new JsonArray(),
        ["mentions"] = new JsonArray([.. s.Mentions.Select(m => new JsonObject { ["id"] = m.Id, ["username"] = m.Username, ["acct"] = m.Acct, ["url"] = $"{BaseUrl}@{m.Acct}" })]),
        ["tags"] = new JsonArray(),
        ["emojis"] = new JsonArray(),
        ["quote"] = s.Quoting is null ? null : new JsonObject { ["state"] = "accepted", ["quoted_status"] = StatusJson(s.Quoting) },
        ["card"] = null,
        ["poll"] = null,
    };

    private JsonObject NotificationJson(FakeNotification n) => new()
    {
        ["id"] = n.Id.ToString(CultureInfo.InvariantCulture),
        ["type"] = n.Type,
        ["created_at"] = n.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["group_key"] = $"ungrouped-{n.Id}",
        ["account"] = AccountJson(n.By),
        ["status"] = n.Status is null ? null : StatusJson(n.Status),
    };
}

/// <summary>An account the fake knows: its id, its username and its <c>acct</c> (<c>user</c> local, <c>user@domain</c> remote).</summary>
public sealed record FakeAccount(string Id, string Username, string Acct)
{
    public string Note { get; set; } = "";

    public List<(string Name, string Value)> Fields { get; init; } = [];

    public long Followers { get; set; }

    public long Following { get; set; }
}

/// <summary>A status the fake serves: a post, a reply (<see cref="InReplyTo"/>), a reblog (<see cref="Reblog"/>) or a quote (<see cref="Quoting"/>).</summary>
public sealed record FakeStatus(long Id, FakeAccount Author, DateTimeOffset At, string Content, FakeStatus? InReplyTo, FakeStatus? Reblog, FakeStatus? Quoting, IReadOnlyList<FakeAccount> Mentions);

/// <summary>A notification of the fake's token owner.</summary>
public sealed record FakeNotification(long Id, string Type, DateTimeOffset At, FakeAccount By, FakeStatus? Status);

/// <summary>A request the fake received: its number, what it asked, when (on the test's clock) and with which authorization.</summary>
public sealed record FakeRequest(int Number, string Method, string PathAndQuery, DateTimeOffset At, string Authorization);

/// <summary>What the fake does wrong to one request.</summary>
public enum FakeFaultKind
{
    /// <summary>429 with <c>Retry-After</c> in seconds.</summary>
    TooManyRequests,

    /// <summary>429 with <c>Retry-After</c> as an HTTP date.</summary>
    TooManyRequestsUntilDate,

    /// <summary>The right answer, with <c>X-RateLimit-Remaining: 0</c> and the window's reset after the wait.</summary>
    WindowUsedUp,

    /// <summary>503.</summary>
    ServerError,

    /// <summary>200 with JSON that does not parse.</summary>
    Malformed,

    /// <summary>200 with the first half of the right answer.</summary>
    Truncated,

    /// <summary>200 with JSON of another shape (an object where a list belongs).</summary>
    WrongShape,
}

/// <summary>A fault and, for rate limits, how long it asks to wait.</summary>
public sealed record FakeFault(FakeFaultKind Kind, TimeSpan Wait = default);
