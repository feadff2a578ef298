using System.Text.Json;
using Sway.Domain;
using Sway.Scoring.Engine;
using Sway.Scoring.Senders;

namespace Sway.Scoring;

/// <summary>
/// A model version as data (<c>Core/Scoring/Models/{version}.json</c>): the weights and the calibration that a
/// version fixes for good. Every stored score names its version, so a score can always be traced to these numbers.
/// Version 1.0 sums the reactions' credit; a version with <see cref="Signals"/> (2.0) adds a curve per signal, weighs
/// each reactor by its standing and trust, and normalises each network by its own norms.
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
    /// <summary>How a reactor's standing weighs its reactions; null: every reactor weighs 1.</summary>
    public StandingWeight? Standing { get; init; }

    /// <summary>When a reactor's reactions stop being trusted; null: always.</summary>
    public SenderRules? Senders { get; init; }

    /// <summary>The additive parts of the score, by name; null: the score is the sum of the reactions' credit (1.0).</summary>
    public IReadOnlyDictionary<string, ScoreSignal>? Signals { get; init; }

    /// <summary>Per network (<c>*</c> for any other), the amount of each reaction signal that counts as typical there.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Norms { get; init; }

    /// <summary>The typical amount of each signal in aggregate figures (rates per account, as the influencer pairs give them).</summary>
    public IReadOnlyDictionary<string, double>? FigureNorms { get; init; }

    /// <summary>Each network after the strongest counts this much less than the one before it (2.0: 0.5).</summary>
    public double NetworkFalloff { get; init; } = 0.5;

    public static ScoreModelDefinition Parse(string json) =>
        JsonSerializer.Deserialize<ScoreModelDefinition>(json, SwayJson.Options)
        ?? throw new FormatException("A score model definition is a JSON object.");
}
