namespace Sway.Scoring;

/// <summary>Scoring settings (section <c>Scoring</c>).</summary>
public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>The model version the pipeline scores with (<see cref="ScoreModels.Versions"/>); every stored score names it.</summary>
    public string ModelVersion { get; set; } = "1.0";
}
