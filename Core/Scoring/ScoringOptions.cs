namespace Sway.Scoring;

/// <summary>Scoring settings (section <c>Scoring</c>).</summary>
public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>The model version the pipeline scores with (<see cref="ScoreModels.Versions"/>); every stored score names it.</summary>
    public string ModelVersion { get; set; } = "2.0";

    /// <summary>How long a worker keeps the current standings before reading them again (zero: every scoring reads them).</summary>
    public TimeSpan StandingsRefresh { get; set; } = TimeSpan.FromMinutes(5);
}
