namespace Sway.Scoring;

/// <summary>
/// What one signal earns: a piecewise-linear function of the signal's transformed value <c>u</c> (for model 2.0,
/// <c>u = ln(1 + x / norm)</c>), given by its <see cref="Knots"/> (strictly increasing <c>u</c> values, the first
/// one 0) and its <see cref="Values"/> there (the first one 0, so a signal that is absent earns nothing). Between
/// knots it is linear; beyond the last knot it goes on with the last segment's slope, so a bigger figure keeps
/// earning at the rate the top of the data earned (a constant would tie every account past the last knot).
/// Below the first knot it is the first value. A curve fitted for a score model is non-decreasing
/// (<see cref="IsNonDecreasing"/>): more of a signal never lowers the score.
/// </summary>
public sealed record SignalCurve
{
    public SignalCurve(IReadOnlyList<double> knots, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(knots);
        ArgumentNullException.ThrowIfNull(values);
        if (knots.Count < 2 || knots.Count != values.Count)
        {
            throw new ArgumentException("A curve has at least two knots and one value per knot.", nameof(values));
        }

        for (var i = 0; i < knots.Count; i++)
        {
            if (!double.IsFinite(knots[i]) || !double.IsFinite(values[i]) || (i > 0 && knots[i] <= knots[i - 1]))
            {
                throw new ArgumentException("Knots are finite and strictly increasing, and values finite.", nameof(knots));
            }
        }

        Knots = [.. knots];
        Values = [.. values];
    }

    /// <summary>The <c>u</c> values where the slope may change, strictly increasing.</summary>
    public IReadOnlyList<double> Knots { get; }

    /// <summary>The curve's value at each knot.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Whether no value is below the one before it (so the curve never decreases, its extension included).</summary>
    public bool IsNonDecreasing => Enumerable.Range(1, Values.Count - 1).All(i => Values[i] >= Values[i - 1]);

    public bool Equals(SignalCurve? other) =>
        other is not null && Knots.SequenceEqual(other.Knots) && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Knots.Count, Knots[^1], Values[^1]);

    /// <summary>The curve at <paramref name="u"/>: linear between knots, the last slope beyond the last knot.</summary>
    public double Evaluate(double u)
    {
        if (u <= Knots[0])
        {
            return Values[0];
        }

        var last = Knots.Count - 1;
        var segment = 0;
        while (segment < last - 1 && u > Knots[segment + 1])
        {
            segment++;
        }

        var slope = (Values[segment + 1] - Values[segment]) / (Knots[segment + 1] - Knots[segment]);
        return Values[segment] + (slope * (u - Knots[segment]));
    }
}
