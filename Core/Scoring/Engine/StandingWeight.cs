namespace Sway.Scoring.Engine;

/// <summary>
/// How much a reactor's reactions count, given its standing (mean 1 over the population):
/// <c>Floor + (1 − Floor) · min(standing, Cap) / Cap</c>. It is monotone: more standing never weighs less. An unknown or
/// low-standing reactor still weighs <see cref="Floor"/>, so that newcomers' fans count; a reactor at or above
/// <see cref="Cap"/> weighs 1, as every reaction does under model 1.0.
/// </summary>
public sealed record StandingWeight
{
    /// <param name="floor">The weight of a reactor with no standing, in [0, 1].</param>
    /// <param name="cap">The standing (in multiples of the mean) from which a reactor weighs 1; positive.</param>
    public StandingWeight(double floor, double cap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(floor, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap);
        Floor = floor;
        Cap = cap;
    }

    /// <summary>Floor 0.25, cap 10 (ten times the mean standing).</summary>
    public static StandingWeight Default { get; } = new(0.25, 10);

    /// <summary>Every reactor weighs 1: the engine then scores exactly as model 1.0.</summary>
    public static StandingWeight Off { get; } = new(1, 1);

    public double Floor { get; }

    public double Cap { get; }

    /// <summary>True when every reactor weighs 1 whatever its standing.</summary>
    public bool IsOff => Floor >= 1;

    /// <summary>The weight of a reactor whose standing is <paramref name="standing"/> (NaN or negative counts as 0).</summary>
    public double Of(double standing)
    {
        var clamped = standing > 0 ? Math.Min(standing, Cap) : 0;
        return Floor + ((1 - Floor) * clamped / Cap);
    }
}
