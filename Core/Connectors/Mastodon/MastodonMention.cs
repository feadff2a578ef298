namespace Sway.Connectors.Mastodon;

/// <summary>An account a status mentions.</summary>
public sealed record MastodonMention(string Id, string? Acct = null);
