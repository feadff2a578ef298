using Sway.Domain;

namespace Sway.Scoring;

/// <summary>
/// One additive part of a model 2.0 score. A reaction signal (<see cref="Types"/>) sums the credit of those reaction
/// types, each weighed by the model's type weight, its decay and its reactor; an audience signal (<see cref="Figure"/>:
/// <c>followers</c> or <c>listed</c>) reads an account figure, a secondary signal that only the aggregate path has
/// today. Either way the amount is normalised by its network's norm and turned into points by <see cref="Curve"/>.
/// </summary>
public sealed record ScoreSignal(IReadOnlyList<InteractionType>? Types, string? Figure, SignalCurve Curve)
{
    public const string Followers = "followers";
    public const string Listed = "listed";

    public bool IsReaction => Types is { Count: > 0 };
}
