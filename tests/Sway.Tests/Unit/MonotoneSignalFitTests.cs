using Sway.Evaluation;

namespace Sway.Tests.Unit;

/// <summary>Fitting monotone signal curves to judged pairs: the curves never decrease, and they find the rule the judges followed.</summary>
public sealed class MonotoneSignalFitTests
{
    private static readonly double[] Figures = [.. Enumerable.Range(0, 25).Select(i => Math.Pow(10, i / 4.0))];

    [Fact]
    public void A_fitted_curve_never_decreases_even_where_the_judges_preferred_less_of_the_signal()
    {
        // Judged by listed, and *against* followers.
        var pairs = SyntheticPairs.Generate(4_000, seed: 1, a => Math.Log(1 + (a.Listed / 1000)) - Math.Log(1 + (a.Followers / 1000)));

        var monotone = MonotoneSignalFit.Fit(pairs, PairSignal.Plain, new SignalFitOptions(Knots: 6, Ridge: 1e-4));
        var unconstrained = MonotoneSignalFit.Fit(pairs, PairSignal.Plain, new SignalFitOptions(Knots: 6, Ridge: 1e-4, Monotone: false));

        Assert.All(monotone.Signals, s => Assert.True(s.Curve.IsNonDecreasing, s.Signal.Name));
        Assert.All(monotone.Signals, s => Assert.Equal(0, s.Curve.Values[0]));
        var followers = monotone.Signals.Single(s => s.Signal == PairSignal.Followers).Curve;
        Assert.InRange(followers.Values[^1], 0, 0.05);
        Assert.InRange(unconstrained.Signals.Single(s => s.Signal == PairSignal.Followers).Curve.Values[^1], double.NegativeInfinity, -1);
    }

    [Fact]
    public void A_fitted_curve_recovers_the_saturating_curve_the_judges_followed()
    {
        static double Truth(double followers) => 2 * (1 - Math.Exp(-Math.Log(1 + (followers / 1000))));
        var pairs = SyntheticPairs.Generate(20_000, seed: 2, a => Truth(a.Followers));

        var fitted = MonotoneSignalFit.Fit(pairs, [PairSignal.Followers], new SignalFitOptions(Knots: 6, Ridge: 1e-4)).Signals.Single();

        Assert.All(Figures, x => Assert.Equal(Truth(x), fitted.Curve.Evaluate(Math.Log(1 + (x / fitted.Norm))), 0.15));
    }

    [Fact]
    public void A_signal_is_normed_by_the_median_of_its_nonzero_values_and_knotted_at_quantiles_from_zero()
    {
        var pairs = SyntheticPairs.Generate(2_000, seed: 3, truth: null);
        var followers = pairs.SelectMany(p => new[] { p.A.Followers, p.B.Followers }).ToList();

        var fitted = MonotoneSignalFit.Fit(pairs, [PairSignal.Followers], new SignalFitOptions(Knots: 3)).Signals.Single();

        Assert.Equal(Math.Round(MonotoneSignalFit.NonZeroMedian(followers.Append(0)), 4), fitted.Norm);
        Assert.Equal(5, fitted.Curve.Knots.Count); // 0, the quartiles, the end of the last segment
        Assert.Equal(0, fitted.Curve.Knots[0]);
        Assert.Equal(Math.Log(2), fitted.Curve.Knots[2], 3); // the middle quartile is the median: ln(1 + 1)
    }
}
