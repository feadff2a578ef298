using System.Text.Json;
using Sway.Domain;

namespace Sway.Scoring;

/// <summary>
/// A model version as data (<c>Core/Scoring/Models/{version}.json</c>): the weights and the calibration that a
/// version fixes for good. Every stored score names its version, so a score can always be traced to these numbers.
/// </summary>
public sealed record ScoreModelDefinition(
    string Version,
    string Description,
    IReadOnlyDictionary<InteractionType, double> TypeWeights,
    TimeSpan HalfLife,
    TimeSpan Window,
    double ReactorSaturation,
    ScoreCalibration Calibration)
{
    public static ScoreModelDefinition Parse(string json) =>
        JsonSerializer.Deserialize<ScoreModelDefinition>(json, SwayJson.Options)
        ?? throw new FormatException("A score model definition is a JSON object.");
}
