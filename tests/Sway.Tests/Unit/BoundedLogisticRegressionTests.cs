using Sway.Evaluation;

namespace Sway.Tests.Unit;

/// <summary>Logistic regression with coefficients held non-negative.</summary>
public sealed class BoundedLogisticRegressionTests
{
    [Fact]
    public void Unconstrained_it_finds_the_coefficients_the_labels_were_drawn_with_and_constrained_it_stops_a_negative_one_at_zero()
    {
        var random = new Random(8);
        var rows = Enumerable.Range(0, 20_000).Select(_ => new[] { (2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1 }).ToList();
        var labels = rows.Select(x => random.NextDouble() < 1 / (1 + Math.Exp(-((2 * x[0]) - (1.5 * x[1]))))).ToList();
        var none = BoundedLogisticRegression.Ridge(2, 0);

        var free = BoundedLogisticRegression.Fit(rows, labels, [false, false], none);
        var bounded = BoundedLogisticRegression.Fit(rows, labels, [true, true], none);

        Assert.Equal(2, free[0], 0.15);
        Assert.Equal(-1.5, free[1], 0.15);
        Assert.Equal(0, bounded[1]);
        Assert.True(BoundedLogisticRegression.Loss(rows, labels, bounded, none) <= BoundedLogisticRegression.Loss(rows, labels, [bounded[0] + 0.01, 0], none));
        Assert.True(BoundedLogisticRegression.Loss(rows, labels, bounded, none) <= BoundedLogisticRegression.Loss(rows, labels, [bounded[0] - 0.01, 0], none));
    }
}
