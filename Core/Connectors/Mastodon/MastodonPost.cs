using System.Text.Json.Serialization;

namespace Sway.Connectors.Mastodon;

/// <summary>
/// A post of the account whose reaction lists a pass still has to read: its id, when it was posted (the time of the
/// likes and reblogs found on it, for which the API gives none) and the lists still to read, in order, one letter
/// each: <c>f</c> favourited_by, <c>r</c> reblogged_by, <c>c</c> context, <c>q</c> quotes.
/// </summary>
public sealed record MastodonPost(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("lists")] string Lists);
