using Sway.Scoring;

namespace Sway.Evaluation;

/// <summary>
/// Fits an <see cref="AdditiveSignalScore"/> to judged pairs. Each signal <c>x</c> is read as
/// <c>u = ln(1 + x / norm)</c>, the norm being the median of its nonzero values over every account (A and B) of the
/// pairs fitted on; it earns a piecewise-linear <see cref="SignalCurve"/> with <c>g(0) = 0</c>, knots at 0 and at
/// evenly spaced quantiles of its nonzero <c>u</c> values (the i/(N+1) quantiles, rounded to 4 decimals), and the
/// last slope beyond the last knot. Norms and knots look at the figures only, never at the judgements.
/// <para>
/// The curve is linear in how much it rises over each segment: with the basis
/// <c>clamp((u − k_{j−1}) / (k_j − k_{j−1}), 0, 1)</c> per segment and <c>max(0, u − k_N) / (k_{N+1} − k_N)</c>
/// beyond (<c>k_{N+1}</c> the highest <c>u</c> seen), <c>T(A) − T(B)</c> is the rises times the basis differences,
/// and <see cref="BoundedLogisticRegression"/> fits them on "A judged more influential", non-negative when the fit is
/// monotone (so every curve is non-decreasing), with the ridge on the rises (not on slopes, which would penalise the
/// narrow segments at the bottom of a heavy-tailed signal far more than the wide ones). There is no intercept: the
/// prediction for (B, A) is exactly the opposite of that for (A, B), which makes fitting on each pair also swapped
/// (B, A, not the judgement) the same fit.
/// </para>
/// </summary>
public static class MonotoneSignalFit
{
    private const int KnotDecimals = 4;

    public static AdditiveSignalScore Fit(IReadOnlyList<InfluencerPair> pairs, IReadOnlyList<PairSignal> signals, SignalFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(options);
        if (pairs.Count == 0 || signals.Count == 0)
        {
            throw new ArgumentException("A fit needs at least one pair and one signal.", nameof(pairs));
        }

        var bases = signals.Select(s => SignalBasis.For(s, pairs, options.Knots)).ToList();
        var width = bases.Sum(b => b.Width);
        var rows = new double[pairs.Count][];
        for (var i = 0; i < pairs.Count; i++)
        {
            var row = rows[i] = new double[width];
            var offset = 0;
            foreach (var basis in bases)
            {
                basis.AddDifference(pairs[i].A, pairs[i].B, row.AsSpan(offset, basis.Width));
                offset += basis.Width;
            }
        }

        var rises = BoundedLogisticRegression.Fit(rows, [.. pairs.Select(p => p.AJudgedMoreInfluential)], [.. Enumerable.Repeat(options.Monotone, width)], BoundedLogisticRegression.Ridge(width, options.Ridge));
        var fitted = new List<FittedSignal>();
        var start = 0;
        foreach (var basis in bases)
        {
            fitted.Add(basis.Curve(rises.AsSpan(start, basis.Width)));
            start += basis.Width;
        }

        return new AdditiveSignalScore(fitted);
    }

    /// <summary>The median of the nonzero values (1 when there are none), a signal's unsupervised scale.</summary>
    public static double NonZeroMedian(IEnumerable<double> values)
    {
        var nonzero = values.Where(v => v > 0).Order().ToArray();
        return nonzero.Length == 0 ? 1 : Quantile(nonzero, 0.5);
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolating linearly between order statistics.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>One signal's norm, its knots (0, the interior ones, and the end of the last segment) and basis functions.</summary>
    private sealed class SignalBasis(PairSignal signal, double norm, double[] knots)
    {
        /// <summary>One rise per segment between knots (the last one extended beyond its end).</summary>
        public int Width => knots.Length - 1;

        public static SignalBasis For(PairSignal signal, IReadOnlyList<InfluencerPair> pairs, int knotCount)
        {
            var figures = pairs.SelectMany(p => new[] { signal.Of(p.A), signal.Of(p.B) }).ToArray();
            var norm = Math.Round(NonZeroMedian(figures), KnotDecimals);
            norm = norm > 0 ? norm : NonZeroMedian(figures);
            var u = figures.Where(x => x > 0).Select(x => Math.Log(1 + (x / norm))).Order().ToArray();
            var knots = new List<double> { 0 };
            if (u.Length > 0)
            {
                foreach (var k in Enumerable.Range(1, knotCount).Select(i => Math.Round(Quantile(u, i / (knotCount + 1.0)), KnotDecimals)))
                {
                    if (k > knots[^1])
                    {
                        knots.Add(k);
                    }
                }
            }

            // The end of the last segment: the highest u seen, or one past the last knot. The curve goes on beyond it
            // with the same slope; it is a knot only so that the slope is written down.
            var end = Math.Round(u.Length > 0 ? u[^1] : 0, KnotDecimals);
            knots.Add(end > knots[^1] ? end : knots[^1] + 1);
            return new SignalBasis(signal, norm, [.. knots]);
        }

        public void AddDifference(AccountFigures a, AccountFigures b, Span<double> row)
        {
            var ua = Math.Log(1 + (signal.Of(a) / norm));
            var ub = Math.Log(1 + (signal.Of(b) / norm));
            for (var j = 0; j < Width; j++)
            {
                row[j] = Basis(j, ua) - Basis(j, ub);
            }
        }

        public FittedSignal Curve(ReadOnlySpan<double> rises)
        {
            var values = new double[knots.Length];
            for (var j = 1; j < knots.Length; j++)
            {
                values[j] = values[j - 1] + rises[j - 1];
            }

            return new FittedSignal(signal, norm, new SignalCurve(knots, values));
        }

        /// <summary>How far through segment <paramref name="j"/> <paramref name="u"/> is (0 to 1; beyond 1 past the last).</summary>
        private double Basis(int j, double u)
        {
            var through = (u - knots[j]) / (knots[j + 1] - knots[j]);
            return j + 1 < Width ? Math.Clamp(through, 0, 1) : Math.Max(0, through);
        }
    }
}
