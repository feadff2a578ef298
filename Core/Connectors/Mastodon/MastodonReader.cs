using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Sway.Domain;

namespace Sway.Connectors.Mastodon;

/// <summary>
/// Reads one Mastodon instance's REST API (v1) for the accounts linked on it (<c>user@{domain}</c>). A pass over an
/// account is: look it up (<c>accounts/lookup</c>, its figures); walk its statuses page by page (<c>Link</c> next) back
/// to <c>since</c>; for each of its own posts (reblogs it made are not its posts) read, page by page, who favourited it
/// (<see cref="InteractionType.Like"/>), who reblogged it (<see cref="InteractionType.Repost"/>), the replies to the
/// account in its thread (<see cref="InteractionType.Reply"/>) and, when its counts show some, its quotes
/// (<see cref="InteractionType.Quote"/>), each list only when the post's count says it is not empty; then, with an
/// access token, the mentions of the account among the token owner's notifications (<see cref="InteractionType.Mention"/>).
/// Every step is one request; where the pass is travels in a <see cref="MastodonPosition"/>. Event ids name the
/// instance, the post and the reactor, so a re-read stores nothing twice; a like's or reblog's time is its post's
/// (the API gives none of its own), a reply's or quote's its own.
/// </summary>
public sealed partial class MastodonReader(MastodonInstance instance, TimeSpan reReadWindow, IHttpClientFactory http, ILogger<MastodonReader> logger) : IAccountReader
{
    /// <summary>The connector HTTP client every Mastodon reader sends through (<see cref="Http.ConnectorHttp"/>).</summary>
    public const string HttpClientName = "mastodon";

    /// <summary>The most statuses a page asks for (the API's maximum).</summary>
    public const int StatusesPerPage = 40;

    /// <summary>The most accounts a page of favourites or reblogs asks for (the API's maximum).</summary>
    public const int AccountsPerPage = 80;

    /// <summary>The most notifications a page asks for (the API's maximum).</summary>
    public const int NotificationsPerPage = 40;

    /// <summary>How many of an account's latest posts linking searches for a proof code.</summary>
    public const int LatestPosts = 20;

    private const string MentionsQuery = "limit=40&types%5B%5D=mention";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public Network Network => Networks.Mastodon;

    public string SourceName => $"mastodon@{instance.Domain}";

    public TimeSpan ReReadWindow => reReadWindow;

    public MastodonInstance Instance => instance;

    public bool Serves(string accountIdOrHandle) =>
        accountIdOrHandle is not null && accountIdOrHandle.EndsWith("@" + instance.Domain, StringComparison.OrdinalIgnoreCase);

    public async Task<PublicAccount?> LookUpAsync(string handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var found = await GetAsync<MastodonAccount>(LookupPath(handle), cancellationToken);
        if (found.Value is not { } account)
        {
            return null;
        }

        var id = ActorId(account.Acct) ?? throw new ConnectorDataException($"{instance.BaseUri} names the account '{Handle.Printable(account.Acct)}', which is not a Mastodon account id.");
        var latest = await GetAsync<List<MastodonStatus>>($"/api/v1/accounts/{Uri.EscapeDataString(account.Id)}/statuses?limit={LatestPosts}&exclude_reblogs=true", cancellationToken);
        var texts = new List<string> { PlainText(account.Note) };
        texts.AddRange((account.Fields ?? []).SelectMany(f => new[] { PlainText(f.Name), PlainText(f.Value) }));
        texts.AddRange((latest.Value ?? []).Select(s => PlainText(s.Content)));
        return new PublicAccount(Network.Name, id, id, Figures(account), [.. texts.Where(t => t.Length > 0)]);
    }

    public async Task<AccountPage> ReadAsync(LinkedAccount account, string? position, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var state = position is null ? null : MastodonPosition.TryParse(position);
        if (state is null)
        {
            return await ReadAccountAsync(account, cancellationToken);
        }

        if (state.Posts.Count > 0)
        {
            return await ReadListAsync(account, state, cancellationToken);
        }

        if (state.Statuses is not null)
        {
            return await ReadStatusesAsync(account, state, since, cancellationToken);
        }

        return state.Mentions is not null
            ? await ReadMentionsAsync(account, state, since, cancellationToken)
            : new AccountPage([], Next: null);
    }

    /// <summary>The pass's first step: the account's id on the instance and its figures.</summary>
    private async Task<AccountPage> ReadAccountAsync(LinkedAccount account, CancellationToken cancellationToken)
    {
        var found = await GetAsync<MastodonAccount>(LookupPath(account.AccountId), cancellationToken);
        if (found.Value is not { } known)
        {
            LogAccountGone(logger, SourceName, account.AccountId);
            return new AccountPage([], Next: null);
        }

        var next = new MastodonPosition(
            known.Id,
            Statuses: $"limit={StatusesPerPage}",
            Posts: [],
            List: null,
            Mentions: instance.BearerToken is null ? null : MentionsQuery);
        return new AccountPage([], next.ToJson(), Figures(known));
    }

    /// <summary>A page of the account's statuses: its own posts since <paramref name="since"/> whose reactions are worth reading.</summary>
    private async Task<AccountPage> ReadStatusesAsync(LinkedAccount account, MastodonPosition state, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var found = await GetAsync<List<MastodonStatus>>($"/api/v1/accounts/{Uri.EscapeDataString(state.AccountId)}/statuses?{state.Statuses}", cancellationToken);
        if (found.Value is not { } statuses)
        {
            LogAccountGone(logger, SourceName, account.AccountId);
            return new AccountPage([], Next: null);
        }

        var posts = statuses
            .Where(s => s.Reblog is null && s.CreatedAt >= since)
            .Select(s => new MastodonPost(s.Id, s.CreatedAt, ListsOf(s)))
            .Where(p => p.Lists.Length > 0)
            .ToList();
        var goesOn = statuses.Count > 0 && statuses.All(s => s.CreatedAt >= since) && found.Next != state.Statuses;
        return Page([], state with { Statuses = goesOn ? found.Next : null, Posts = posts, List = null });
    }

    /// <summary>A page of one of the first pending post's lists.</summary>
    private async Task<AccountPage> ReadListAsync(LinkedAccount account, MastodonPosition state, CancellationToken cancellationToken)
    {
        var post = state.Posts[0];
        var status = Uri.EscapeDataString(post.Id);
        var reactions = new List<Interaction>();
        string? more = null;
        switch (post.Lists[0])
        {
            case 'f':
            case 'r':
                {
                    var like = post.Lists[0] == 'f';
                    var found = await GetAsync<List<MastodonAccount>>(
                        $"/api/v1/statuses/{status}/{(like ? "favourited_by" : "reblogged_by")}?{state.List ?? $"limit={AccountsPerPage}"}", cancellationToken);
                    foreach (var reactor in found.Value ?? [])
                    {
                        Add(reactions, like ? "like" : "reblog", like ? InteractionType.Like : InteractionType.Repost, $"{post.Id}:{reactor.Id}", reactor.Acct, account, post.Id, post.At);
                    }

                    more = found.Value is { Count: > 0 } ? found.Next : null;
                    break;
                }

            case 'c':
                {
                    var found = await GetAsync<MastodonContext>($"/api/v1/statuses/{status}/context", cancellationToken);
                    foreach (var reply in (found.Value?.Descendants ?? []).Where(d => d.InReplyToAccountId == state.AccountId))
                    {
                        Add(reactions, "reply", InteractionType.Reply, reply.Id, reply.Account.Acct, account, reply.InReplyToId ?? post.Id, reply.CreatedAt);
                    }

                    break;
                }

            case 'q':
                {
                    var found = await GetAsync<List<MastodonStatus>>($"/api/v1/statuses/{status}/quotes?{state.List ?? $"limit={StatusesPerPage}"}", cancellationToken, notShown: true);
                    foreach (var quote in found.Value ?? [])
                    {
                        Add(reactions, "quote", InteractionType.Quote, quote.Id, quote.Account.Acct, account, post.Id, quote.CreatedAt);
                    }

                    more = found.Value is { Count: > 0 } ? found.Next : null;
                    break;
                }

            default:
                // A list this reader does not know (a damaged position): skip it.
                break;
        }

        if (more is not null && more != state.List)
        {
            return Page(reactions, state with { List = more });
        }

        var rest = post.Lists[1..];
        var posts = rest.Length > 0 ? [post with { Lists = rest }, .. state.Posts.Skip(1)] : state.Posts.Skip(1).ToList();
        return Page(reactions, state with { Posts = posts, List = null });
    }

    /// <summary>A page of the token owner's mention notifications: those whose status mentions the account (and is not a reply to it, which the thread already counts).</summary>
    private async Task<AccountPage> ReadMentionsAsync(LinkedAccount account, MastodonPosition state, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var found = await GetAsync<List<MastodonNotification>>($"/api/v1/notifications?{state.Mentions}", cancellationToken);
        var notifications = found.Value ?? [];
        var reactions = new List<Interaction>();
        foreach (var notification in notifications.Where(n => n.CreatedAt >= since && n.Type == "mention"))
        {
            if (notification.Status is { } status
                && status.InReplyToAccountId != state.AccountId
                && (status.Mentions ?? []).Any(m => m.Id == state.AccountId))
            {
                Add(reactions, "mention", InteractionType.Mention, $"{status.Id}:{state.AccountId}", notification.Account.Acct, account, status.Id, status.CreatedAt);
            }
        }

        var goesOn = notifications.Count > 0 && notifications.All(n => n.CreatedAt >= since) && found.Next != state.Mentions;
        return Page(reactions, state with { Mentions = goesOn ? found.Next : null });
    }

    private static AccountPage Page(IReadOnlyList<Interaction> reactions, MastodonPosition next) =>
        new(reactions, next.Done ? null : next.ToJson());

    private static string ListsOf(MastodonStatus status) =>
        string.Concat(
            status.FavouritesCount > 0 ? "f" : "",
            status.ReblogsCount > 0 ? "r" : "",
            status.RepliesCount > 0 ? "c" : "",
            status.QuotesCount > 0 ? "q" : "");

    private static AudienceFigures Figures(MastodonAccount account) => new(account.FollowersCount, account.FollowingCount, account.StatusesCount);

    private static string LookupPath(string accountIdOrHandle)
    {
        var at = accountIdOrHandle.IndexOf('@', StringComparison.Ordinal);
        var user = at < 0 ? accountIdOrHandle : accountIdOrHandle[..at];
        return $"/api/v1/accounts/lookup?acct={Uri.EscapeDataString(user)}";
    }

    private void Add(List<Interaction> reactions, string kind, InteractionType type, string key, string acct, LinkedAccount target, string postId, DateTimeOffset at)
    {
        if (ActorId(acct) is not { } actor)
        {
            LogActorSkipped(logger, SourceName, Handle.Printable(acct));
            return;
        }

        reactions.Add(new Interaction($"mastodon:{instance.Domain}:{kind}:{key}", Network.Name, actor, target.AccountId, type, postId, at));
    }

    /// <summary>An account's stable id from its <c>acct</c>: <c>user@domain</c>, this instance's domain for a local <c>user</c>; null if it is not one.</summary>
    private string? ActorId(string acct)
    {
        var lower = acct.Trim().TrimStart('@').ToLowerInvariant();
        var id = lower.Contains('@', StringComparison.Ordinal) ? lower : $"{lower}@{instance.Domain}";
        return Networks.Mastodon.AccountIdPattern.IsMatch(id) ? id : null;
    }

    /// <summary>
    /// One GET of the API, parsed as <typeparamref name="T"/>. Not found (a deleted account or status) answers no value;
    /// so does unauthorised or forbidden where <paramref name="notShown"/> (a list only its author may see). Any other
    /// failure throws <see cref="HttpRequestException"/> naming the address; an answer that is not the shape
    /// <see cref="ConnectorDataException"/>. Rate limits and retries are the connector HTTP client's.
    /// </summary>
    private async Task<Answer<T>> GetAsync<T>(string pathAndQuery, CancellationToken cancellationToken, bool notShown = false)
        where T : class
    {
        var url = new Uri(instance.BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + pathAndQuery, UriKind.Absolute);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (instance.BearerToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var client = http.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone
            || (notShown && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return new Answer<T>(null, null);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("The answer is null.");
            return new Answer<T>(value, MastodonLink.NextQuery(response));
        }
        catch (JsonException ex)
        {
            throw new ConnectorDataException($"{url} answered what is not the Mastodon API's {Shape<T>()} (malformed or truncated JSON, or another shape): {ex.Message}", ex);
        }
    }

    private static string Shape<T>() => typeof(T) switch
    {
        var t when t == typeof(MastodonAccount) => "account",
        var t when t == typeof(MastodonContext) => "context",
        var t when t == typeof(List<MastodonAccount>) => "list of accounts",
        var t when t == typeof(List<MastodonStatus>) => "list of statuses",
        var t when t == typeof(List<MastodonNotification>) => "list of notifications",
        var t => t.Name,
    };

    /// <summary>The text of an HTML fragment (a bio, a field, a post), for finding a proof code in it.</summary>
    private static string PlainText(string? html) =>
        string.IsNullOrEmpty(html) ? "" : WebUtility.HtmlDecode(Tags().Replace(html, " ")).Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: the account {Account} is gone from its instance; its pass ends")]
    private static partial void LogAccountGone(ILogger logger, string source, string account);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: a reaction from '{Acct}', which is not a Mastodon account id Sway can keep, is skipped")]
    private static partial void LogActorSkipped(ILogger logger, string source, string acct);

    /// <summary>A parsed answer (null: not found or not shown) and the query of its next page.</summary>
    private sealed record Answer<T>(T? Value, string? Next)
        where T : class;
}
