namespace Sway.Evaluation;

/// <summary>
/// How <see cref="MonotoneSignalFit"/> fits: <see cref="Knots"/> interior knots per signal (at evenly spaced quantiles
/// of the signal's nonzero transformed values), an L2 <see cref="Ridge"/> on the curve's rises over its segments
/// (against the mean log loss), and whether every curve is held non-decreasing (<see cref="Monotone"/>; off only for a
/// reference ceiling). The defaults are the ones cross-validation chose on the influencer pairs.
/// </summary>
public sealed record SignalFitOptions(int Knots = 6, double Ridge = 1e-4, bool Monotone = true)
{
    public int Knots { get; } = Knots is >= 1 and <= 50 ? Knots : throw new ArgumentOutOfRangeException(nameof(Knots), Knots, "Between 1 and 50 knots.");

    public double Ridge { get; } = Ridge >= 0 && double.IsFinite(Ridge) ? Ridge : throw new ArgumentOutOfRangeException(nameof(Ridge), Ridge, "The ridge is a finite number, 0 or more.");
}
