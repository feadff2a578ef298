namespace Sway.Domain;

/// <summary>
/// A profile's score (1-100) under one model version, as of a point in time, with the explanation of how it was reached.
/// </summary>
public sealed record ScoreResult(
    string ProfileId,
    int Score,
    string ModelVersion,
    DateTimeOffset AsOf,
    DateTimeOffset ComputedAt,
    ScoreExplanation Explanation);
