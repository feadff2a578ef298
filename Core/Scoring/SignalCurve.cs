namespace Sway.Scoring;

/// <summary>
/// How much one signal contributes, as a function of <c>u = ln(1 + x / norm)</c>: piecewise linear through
/// (<see cref="Knots"/>[i], <see cref="Values"/>[i]), from (0, 0), and flat beyond the last knot. A shipped curve never
/// decreases, so more of a signal never lowers a score, and its cap keeps one signal from carrying a score alone.
/// </summary>
public sealed record SignalCurve
{
    /// <param name="knots">Increasing positive values of u.</param>
    /// <param name="values">The contribution at each knot, non-decreasing and non-negative.</param>
    public SignalCurve(IReadOnlyList<double> knots, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(knots);
        ArgumentNullException.ThrowIfNull(values);
        if (knots.Count == 0 || knots.Count != values.Count)
        {
            throw new ArgumentException("A signal curve needs as many values as knots, and at least one.", nameof(values));
        }

        for (var i = 0; i < knots.Count; i++)
        {
            var previousKnot = i == 0 ? 0 : knots[i - 1];
            var previousValue = i == 0 ? 0 : values[i - 1];
            if (!(knots[i] > previousKnot) || !(values[i] >= previousValue))
            {
                throw new ArgumentException($"A signal curve's knots must increase from 0 and its values never decrease from 0 (at knot {i}).", nameof(knots));
            }
        }

        Knots = knots;
        Values = values;
    }

    public IReadOnlyList<double> Knots { get; }

    public IReadOnlyList<double> Values { get; }

    /// <summary>The most this signal can contribute.</summary>
    public double Cap => Values[^1];

    /// <summary>The contribution at <paramref name="u"/> (0 for u ≤ 0 or NaN).</summary>
    public double Evaluate(double u)
    {
        if (!(u > 0))
        {
            return 0;
        }

        var fromKnot = 0.0;
        var fromValue = 0.0;
        for (var i = 0; i < Knots.Count; i++)
        {
            if (u <= Knots[i])
            {
                return fromValue + ((Values[i] - fromValue) * (u - fromKnot) / (Knots[i] - fromKnot));
            }

            fromKnot = Knots[i];
            fromValue = Values[i];
        }

        return fromValue;
    }
}
