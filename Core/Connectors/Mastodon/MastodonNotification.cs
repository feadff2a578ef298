namespace Sway.Connectors.Mastodon;

/// <summary>The API's Notification entity: of what type, when, from which account, about which status.</summary>
public sealed record MastodonNotification(string Id, string Type, DateTimeOffset CreatedAt, MastodonAccount Account, MastodonStatus? Status = null);
