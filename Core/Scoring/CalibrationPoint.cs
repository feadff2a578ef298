namespace Sway.Scoring;

/// <summary>One point of a calibration table: a model's raw <see cref="Total"/> and the score it maps to.</summary>
public sealed record CalibrationPoint(double Total, double Score);
