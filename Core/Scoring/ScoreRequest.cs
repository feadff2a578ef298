using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sway.Scoring;

/// <summary>
/// A request to (re)score some profiles: the body of a <c>score-requests</c> queue message,
/// <c>{"profileIds":["higgs-88",…],"reason":"activity"}</c>, with at most <see cref="MaxProfiles"/> ids. Many ids per
/// message keep queues short (a queue's throughput is counted in messages) and let a replay or the nightly batch ask
/// for thousands of profiles in a few hundred messages. A single <c>"profileId"</c> (the earlier shape) is read too.
/// </summary>
public sealed record ScoreRequest(IReadOnlyList<string> ProfileIds, ScoreRequestReason Reason)
{
    /// <summary>The most profile ids one message carries.</summary>
    public const int MaxProfiles = 100;

    public ScoreRequest(string profileId, ScoreRequestReason reason)
        : this([profileId], reason)
    {
    }

    public string ToJson() => JsonSerializer.Serialize(new Body(null, ProfileIds, Reason), SwayJson.Options);

    /// <summary>Parses a message body; anything malformed is refused with a reason (and will end in the poison queue).</summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out ScoreRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        Body? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Body>(body, SwayJson.Options);
        }
        catch (JsonException ex)
        {
            error = $"Not a score request: {ex.Message}";
            return false;
        }

        var ids = parsed?.ProfileIds ?? (parsed?.ProfileId is { } single ? [single] : null);
        if (ids is null || ids.Count is 0 or > MaxProfiles || !ids.All(Domain.ProfileId.IsValid))
        {
            error = $"A score request needs a valid profileId, or 1 to {MaxProfiles} valid profileIds.";
            return false;
        }

        error = null;
        request = new ScoreRequest(ids, parsed!.Reason);
        return true;
    }

    /// <summary>The same request: the same profiles, in the same order, for the same reason.</summary>
    public bool Equals(ScoreRequest? other) =>
        other is not null && Reason == other.Reason && ProfileIds.SequenceEqual(other.ProfileIds, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Reason, ProfileIds.Count, ProfileIds.Count > 0 ? ProfileIds[0] : null);

    private sealed record Body(string? ProfileId, IReadOnlyList<string>? ProfileIds, ScoreRequestReason Reason);
}

public enum ScoreRequestReason
{
    /// <summary>New reactions arrived.</summary>
    Activity,

    /// <summary>The nightly batch rescoring.</summary>
    Nightly,

    /// <summary>Asked for by an operator.</summary>
    Manual,
}
