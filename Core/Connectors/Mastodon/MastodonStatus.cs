namespace Sway.Connectors.Mastodon;

/// <summary>
/// The API's Status entity, as far as Sway reads it: who posted it when, what it replies to, what it reblogs, its
/// reaction counts (which say which of its lists are worth a request) and whom it mentions.
/// </summary>
public sealed record MastodonStatus(
    string Id,
    DateTimeOffset CreatedAt,
    MastodonAccount Account,
    string? InReplyToId = null,
    string? InReplyToAccountId = null,
    MastodonStatus? Reblog = null,
    string? Content = null,
    long RepliesCount = 0,
    long ReblogsCount = 0,
    long FavouritesCount = 0,
    long QuotesCount = 0,
    IReadOnlyList<MastodonMention>? Mentions = null);
