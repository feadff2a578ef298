using Sway.Scoring;

namespace Sway.Tests.Unit;

/// <summary>A signal's piecewise-linear curve: linear between knots, the last slope beyond the last knot.</summary>
public sealed class SignalCurveTests
{
    private static readonly SignalCurve Curve = new([0, 1, 3], [0, 2, 3]);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.5, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 2.5)]
    [InlineData(3, 3)]
    public void A_curve_passes_through_its_knots_and_is_linear_between_them(double u, double expected)
    {
        Assert.Equal(expected, Curve.Evaluate(u), 12);
    }

    [Fact]
    public void Beyond_the_last_knot_a_curve_goes_on_with_its_last_slope_and_below_the_first_it_is_the_first_value()
    {
        Assert.Equal(4, Curve.Evaluate(5), 12);
        Assert.Equal(0, Curve.Evaluate(-1));
    }

    [Fact]
    public void A_curve_with_a_lower_value_after_a_higher_one_is_not_non_decreasing()
    {
        Assert.True(Curve.IsNonDecreasing);
        Assert.False(new SignalCurve([0, 1, 2], [0, 2, 1]).IsNonDecreasing);
    }

    [Fact]
    public void Knots_that_do_not_increase_or_a_value_missing_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SignalCurve([0, 1, 1], [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => new SignalCurve([0, 1], [0]));
    }

    [Fact]
    public void Two_curves_with_the_same_knots_and_values_are_equal()
    {
        Assert.Equal(new SignalCurve([0, 1, 3], [0, 2, 3]), Curve);
        Assert.NotEqual(new SignalCurve([0, 1, 3], [0, 2, 4]), Curve);
    }
}
