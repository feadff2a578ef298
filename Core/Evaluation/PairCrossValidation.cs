using Sway.Scoring;

namespace Sway.Evaluation;

/// <summary>
/// Repeated k-fold cross-validation of a way of fitting a score to judged pairs: each repeat shuffles the pairs
/// (a seeded shuffle, so a run is reproducible), splits them by row into <c>folds</c> parts, fits on all parts but one
/// and measures the <see cref="RankingQuality"/> of the held-out part only. Whatever the fit learns from the figures
/// or the judgements (norms, knots, weights, a choice among options) it learns from the training rows alone.
/// </summary>
public static class PairCrossValidation
{
    public const int DefaultFolds = 10;
    public const int DefaultRepeats = 3;
    public const int DefaultSeed = 2014;

    /// <summary>Cross-validates <paramref name="fit"/> (training pairs → a score for one account).</summary>
    public static CrossValidatedQuality Run(
        IReadOnlyList<InfluencerPair> pairs,
        Func<IReadOnlyList<InfluencerPair>, Func<AccountFigures, double>> fit,
        int folds = DefaultFolds,
        int repeats = DefaultRepeats,
        int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        if (pairs.Count < folds)
        {
            throw new ArgumentException($"{pairs.Count} pairs cannot be split into {folds} folds.", nameof(pairs));
        }

        var assignments = FoldAssignments(pairs.Count, folds, repeats, seed);
        var results = new RankingQuality[repeats * folds];
        Parallel.For(0, results.Length, index =>
        {
            var (repeat, fold) = Math.DivRem(index, folds);
            var training = new List<InfluencerPair>();
            var heldOut = new List<InfluencerPair>();
            for (var i = 0; i < pairs.Count; i++)
            {
                (assignments[repeat][i] == fold ? heldOut : training).Add(pairs[i]);
            }

            results[index] = PairEvaluation.Evaluate(heldOut, fit(training));
        });

        return new CrossValidatedQuality(results);
    }

    /// <summary>For each repeat, the fold of every row: a seeded shuffle dealt round-robin, so folds differ by one row at most.</summary>
    public static int[][] FoldAssignments(int count, int folds, int repeats, int seed)
    {
        var random = new Random(seed);
        var assignments = new int[repeats][];
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var order = Enumerable.Range(0, count).ToArray();
            random.Shuffle(order);
            assignments[repeat] = new int[count];
            for (var position = 0; position < count; position++)
            {
                assignments[repeat][order[position]] = position % folds;
            }
        }

        return assignments;
    }
}

/// <summary>The held-out quality of every fold of a cross-validation, and their means.</summary>
public sealed record CrossValidatedQuality(IReadOnlyList<RankingQuality> Folds)
{
    public double MeanAuc => Folds.Average(f => f.Auc);

    public double MeanAccuracy => Folds.Average(f => f.Accuracy);

    /// <summary>The standard deviation of the fold AUCs (their spread, not the error of the mean).</summary>
    public double AucSpread => Math.Sqrt(Folds.Sum(f => Math.Pow(f.Auc - MeanAuc, 2)) / Math.Max(1, Folds.Count - 1));
}
