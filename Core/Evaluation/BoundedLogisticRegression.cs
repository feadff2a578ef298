namespace Sway.Evaluation;

/// <summary>
/// Logistic regression without an intercept, some coefficients held non-negative: minimises the mean log loss of
/// <c>P(label) = σ(x · θ)</c> plus the quadratic penalty <c>θᵀ P θ / 2</c> (a ridge is <c>P = λ I</c>; a smoothness
/// penalty on differences of coefficients is <c>λ DᵀD</c>) subject to <c>θ_j ≥ 0</c> for the constrained
/// coefficients. Solved by projected Newton (Bertsekas): at each step the coefficients held at zero by a gradient
/// pushing them below it are fixed, the Newton direction is solved on the others by Cholesky, and a backtracking
/// line search projects back onto the constraints. The problem is convex (strictly, with a positive definite penalty), so it
/// converges to the one optimum.
/// </summary>
public static class BoundedLogisticRegression
{
    private const int MaxIterations = 200;
    private const double Tolerance = 1e-9;

    /// <summary>
    /// The coefficients for <paramref name="rows"/> (one feature vector per example) and <paramref name="labels"/>;
    /// <paramref name="nonNegative"/> says, per coefficient, whether it is held at zero or above;
    /// <paramref name="penalty"/> is the symmetric, positive semi-definite penalty matrix <c>P</c>.
    /// </summary>
    public static double[] Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, IReadOnlyList<bool> nonNegative, double[,] penalty)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(nonNegative);
        ArgumentNullException.ThrowIfNull(penalty);
        if (rows.Count == 0 || rows.Count != labels.Count || rows.Any(r => r.Length != nonNegative.Count))
        {
            throw new ArgumentException("One label per row, at least one row, and one constraint per feature.", nameof(rows));
        }

        if (penalty.GetLength(0) != nonNegative.Count || penalty.GetLength(1) != nonNegative.Count)
        {
            throw new ArgumentException("The penalty is a square matrix with one row per feature.", nameof(penalty));
        }


        var p = nonNegative.Count;
        var theta = new double[p];
        var loss = Loss(rows, labels, theta, penalty);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (gradient, hessian) = Derivatives(rows, labels, theta, penalty);
            var free = Enumerable.Range(0, p).Where(j => !nonNegative[j] || theta[j] > 0 || gradient[j] < 0).ToArray();
            if (free.Length == 0 || free.Max(j => Math.Abs(gradient[j])) < Tolerance)
            {
                break;
            }

            var step = SolveNewton(hessian, gradient, free);
            var (next, nextLoss) = LineSearch(rows, labels, theta, loss, gradient, step, free, nonNegative, penalty);
            if (next is null)
            {
                break;
            }

            var improvement = loss - nextLoss;
            theta = next;
            loss = nextLoss;
            if (improvement < Tolerance * Tolerance)
            {
                break;
            }
        }

        return theta;
    }

    /// <summary>A ridge penalty, <c>λ I</c>, on <paramref name="count"/> coefficients.</summary>
    public static double[,] Ridge(int count, double lambda)
    {
        var penalty = new double[count, count];
        for (var j = 0; j < count; j++)
        {
            penalty[j, j] = lambda;
        }

        return penalty;
    }

    /// <summary>The mean log loss plus the penalty term at <paramref name="theta"/>.</summary>
    public static double Loss(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double[] theta, double[,] penalty)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(theta);
        var sum = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            var margin = Dot(rows[i], theta) * (labels[i] ? 1 : -1);
            sum += Softplus(-margin);
        }

        return (sum / rows.Count) + (Quadratic(penalty, theta) / 2);
    }

    private static (double[] Gradient, double[,] Hessian) Derivatives(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double[] theta, double[,] penalty)
    {
        var p = theta.Length;
        var gradient = new double[p];
        var hessian = new double[p, p];
        for (var i = 0; i < rows.Count; i++)
        {
            var x = rows[i];
            var probability = Sigmoid(Dot(x, theta));
            var residual = probability - (labels[i] ? 1 : 0);
            var weight = probability * (1 - probability);
            for (var j = 0; j < p; j++)
            {
                if (x[j] == 0)
                {
                    continue;
                }

                gradient[j] += residual * x[j];
                var wx = weight * x[j];
                for (var k = j; k < p; k++)
                {
                    hessian[j, k] += wx * x[k];
                }
            }
        }

        for (var j = 0; j < p; j++)
        {
            gradient[j] /= rows.Count;
            for (var k = 0; k < p; k++)
            {
                gradient[j] += penalty[j, k] * theta[k];
            }

            for (var k = j; k < p; k++)
            {
                hessian[j, k] = (hessian[j, k] / rows.Count) + penalty[j, k];
                hessian[k, j] = hessian[j, k];
            }
        }

        return (gradient, hessian);
    }

    /// <summary>The Newton direction on the free coefficients (zero elsewhere), by Cholesky with a little jitter.</summary>
    private static double[] SolveNewton(double[,] hessian, double[] gradient, int[] free)
    {
        var n = free.Length;
        var lower = new double[n, n];
        for (var jitter = 1e-10; ; jitter *= 100)
        {
            if (TryCholesky(hessian, free, jitter, lower))
            {
                break;
            }

            if (jitter > 1)
            {
                throw new InvalidOperationException("The logistic loss's Hessian is not positive definite even with jitter.");
            }
        }

        // Solve L y = −g, then Lᵀ d = y.
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = -gradient[free[i]];
            for (var k = 0; k < i; k++)
            {
                s -= lower[i, k] * y[k];
            }

            y[i] = s / lower[i, i];
        }

        var d = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= lower[k, i] * d[k];
            }

            d[i] = s / lower[i, i];
        }

        var step = new double[gradient.Length];
        for (var i = 0; i < n; i++)
        {
            step[free[i]] = d[i];
        }

        return step;
    }

    private static bool TryCholesky(double[,] hessian, int[] free, double jitter, double[,] lower)
    {
        var n = free.Length;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = hessian[free[i], free[j]] + (i == j ? jitter : 0);
                for (var k = 0; k < j; k++)
                {
                    s -= lower[i, k] * lower[j, k];
                }

                if (i == j)
                {
                    if (s <= 0)
                    {
                        return false;
                    }

                    lower[i, i] = Math.Sqrt(s);
                }
                else
                {
                    lower[i, j] = s / lower[j, j];
                }
            }
        }

        return true;
    }

    private static (double[]? Theta, double Loss) LineSearch(
        IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double[] theta, double loss, double[] gradient, double[] step, int[] free, IReadOnlyList<bool> nonNegative, double[,] penalty)
    {
        for (var alpha = 1.0; alpha > 1e-12; alpha /= 2)
        {
            var next = (double[])theta.Clone();
            foreach (var j in free)
            {
                next[j] = theta[j] + (alpha * step[j]);
                if (nonNegative[j] && next[j] < 0)
                {
                    next[j] = 0;
                }
            }

            var decrease = 0.0;
            foreach (var j in free)
            {
                decrease += gradient[j] * (next[j] - theta[j]);
            }

            var nextLoss = Loss(rows, labels, next, penalty);
            if (nextLoss <= loss + (1e-4 * Math.Min(decrease, 0)))
            {
                return (next, nextLoss);
            }
        }

        return (null, loss);
    }

    private static double Quadratic(double[,] matrix, double[] theta)
    {
        var s = 0.0;
        for (var j = 0; j < theta.Length; j++)
        {
            for (var k = 0; k < theta.Length; k++)
            {
                s += theta[j] * matrix[j, k] * theta[k];
            }
        }

        return s;
    }

    private static double Dot(double[] x, double[] theta)
    {
        var s = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            s += x[j] * theta[j];
        }

        return s;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
}
