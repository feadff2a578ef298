using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sway.Scoring;

/// <summary>
/// A shard of the nightly rescoring: the body of a <c>rescore-shards</c> queue message,
/// <c>{"shard":"3f","continuationToken":null}</c>. The shard is a Profiles partition (<see cref="Storage.ProfileStore.Shards"/>);
/// a continuation token, when present, says where an earlier message of the same shard stopped paging.
/// </summary>
public sealed record RescoreShardRequest(string Shard, string? ContinuationToken = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, SwayJson.Options);

    /// <summary>Parses a message body; anything malformed is refused with a reason (and will end in the poison queue).</summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out RescoreShardRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            request = JsonSerializer.Deserialize<RescoreShardRequest>(body, SwayJson.Options);
        }
        catch (JsonException ex)
        {
            error = $"Not a shard request: {ex.Message}";
            return false;
        }

        if (request is null || !Storage.ProfileStore.IsShard(request.Shard))
        {
            request = null;
            error = "A shard request needs a shard: a Profiles partition, 00 to ff.";
            return false;
        }

        error = null;
        return true;
    }
}
