namespace Sway.Connectors.Mastodon;

/// <summary>The API's Account entity, as far as Sway reads it: ids, bio, profile fields and figures.</summary>
public sealed record MastodonAccount(
    string Id,
    string Acct,
    string? Note = null,
    IReadOnlyList<MastodonField>? Fields = null,
    long FollowersCount = 0,
    long FollowingCount = 0,
    long StatusesCount = 0);
