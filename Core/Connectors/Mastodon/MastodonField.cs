namespace Sway.Connectors.Mastodon;

/// <summary>One of an account's profile fields (a name and a value, both HTML).</summary>
public sealed record MastodonField(string? Name = null, string? Value = null);
