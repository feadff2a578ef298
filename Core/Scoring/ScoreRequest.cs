using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sway.Scoring;

/// <summary>A request to (re)score one profile: the body of a <c>score-requests</c> queue message.</summary>
public sealed record ScoreRequest(string ProfileId, ScoreRequestReason Reason)
{
    public string ToJson() => JsonSerializer.Serialize(this, SwayJson.Options);

    /// <summary>Parses a message body; anything malformed is refused with a reason (and will end in the poison queue).</summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out ScoreRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        try
        {
            request = JsonSerializer.Deserialize<ScoreRequest>(body, SwayJson.Options);
        }
        catch (JsonException ex)
        {
            error = $"Not a score request: {ex.Message}";
            return false;
        }

        if (request is null || !Domain.ProfileId.IsValid(request.ProfileId))
        {
            request = null;
            error = "A score request needs a valid profileId.";
            return false;
        }

        error = null;
        return true;
    }
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
