using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sway.Connectors.Mastodon;

/// <summary>
/// Where a <see cref="MastodonReader"/> is in its pass over one account, stored as the opaque position of the pass.
/// Its next request is fully decided by it: the first list of the first pending post (page <see cref="List"/>), else
/// the account's next page of statuses (<see cref="Statuses"/>), else the next page of mention notifications
/// (<see cref="Mentions"/>). So every step is one request, and re-reading a position asks the same thing again.
/// </summary>
public sealed record MastodonPosition(
    [property: JsonPropertyName("id")] string AccountId,
    [property: JsonPropertyName("statuses")] string? Statuses,
    [property: JsonPropertyName("posts")] IReadOnlyList<MastodonPost> Posts,
    [property: JsonPropertyName("list")] string? List,
    [property: JsonPropertyName("mentions")] string? Mentions)
{
    /// <summary>Whether nothing is left to read in this pass.</summary>
    [JsonIgnore]
    public bool Done => Posts.Count == 0 && Statuses is null && Mentions is null;

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a position this reader wrote; null for anything else (damage, an older format), which starts the account's pass again.</summary>
    public static MastodonPosition? TryParse(string position)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<MastodonPosition>(position);
            return parsed is { AccountId.Length: > 0, Posts: not null } && parsed.Posts.All(p => p is { Id.Length: > 0, Lists.Length: > 0 })
                ? parsed
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
