namespace Sway.Connectors.Mastodon;

/// <summary>The API's Context entity: the statuses above a status in its thread and those below it.</summary>
public sealed record MastodonContext(IReadOnlyList<MastodonStatus> Ancestors, IReadOnlyList<MastodonStatus> Descendants);
