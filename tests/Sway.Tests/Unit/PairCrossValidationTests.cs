using System.Collections.Concurrent;
using Sway.Evaluation;
using Sway.Scoring;

namespace Sway.Tests.Unit;

/// <summary>Repeated k-fold cross-validation of fitted scores: it measures only rows the fit never saw.</summary>
public sealed class PairCrossValidationTests
{
    [Fact]
    public void Cross_validation_never_asks_a_fitted_score_about_an_account_it_was_fitted_on()
    {
        var pairs = SyntheticPairs.Generate(300, seed: 4, truth: null);
        var leaks = new ConcurrentBag<AccountFigures>();
        var scored = 0;

        var quality = PairCrossValidation.Run(pairs, training =>
        {
            var seen = training.SelectMany(p => new[] { p.A, p.B }).ToHashSet(ReferenceEqualityComparer.Instance);
            return account =>
            {
                Interlocked.Increment(ref scored);
                if (seen.Contains(account))
                {
                    leaks.Add(account);
                }

                return 0;
            };
        });

        Assert.Empty(leaks);
        Assert.Equal(2 * pairs.Count * PairCrossValidation.DefaultRepeats, scored);
        Assert.Equal(PairCrossValidation.DefaultFolds * PairCrossValidation.DefaultRepeats, quality.Folds.Count);
    }

    [Fact]
    public void A_fit_that_memorises_its_training_pairs_scores_chance_on_held_out_noise()
    {
        var pairs = SyntheticPairs.Generate(1_000, seed: 5, truth: null);
        static Func<AccountFigures, double> Memorise(IReadOnlyList<InfluencerPair> training)
        {
            var won = new Dictionary<AccountFigures, double>(ReferenceEqualityComparer.Instance);
            foreach (var p in training)
            {
                won[p.A] = p.AJudgedMoreInfluential ? 1.0 : -1.0;
                won[p.B] = -won[p.A];
            }

            return account => won.GetValueOrDefault(account);
        }

        var onItsOwnRows = PairEvaluation.Evaluate(pairs, Memorise(pairs));
        var heldOut = PairCrossValidation.Run(pairs, Memorise);

        Assert.Equal(1.0, onItsOwnRows.Auc);
        Assert.Equal(0.5, heldOut.MeanAuc, 10);
    }

    [Fact]
    public void Monotone_curves_fitted_to_noise_cross_validate_at_chance()
    {
        var pairs = SyntheticPairs.Generate(2_000, seed: 6, truth: null);

        var quality = PairCrossValidation.Run(pairs, training => MonotoneSignalFit.Fit(training, PairSignal.Plain, new SignalFitOptions()).Total);

        Assert.InRange(quality.MeanAuc, 0.45, 0.55);
    }

    [Fact]
    public void Each_repeat_puts_every_row_in_one_fold_of_nearly_equal_folds_and_the_seed_fixes_the_shuffle()
    {
        var assignments = PairCrossValidation.FoldAssignments(105, folds: 10, repeats: 3, seed: 7);

        Assert.All(assignments, repeat =>
        {
            Assert.All(repeat, fold => Assert.InRange(fold, 0, 9));
            var sizes = repeat.CountBy(fold => fold).Select(g => g.Value).ToList();
            Assert.Equal(10, sizes.Count);
            Assert.InRange(sizes.Max() - sizes.Min(), 0, 1);
        });
        Assert.NotEqual(assignments[0], assignments[1]);
        Assert.Equal(assignments, PairCrossValidation.FoldAssignments(105, folds: 10, repeats: 3, seed: 7));
    }

    [Fact]
    public void On_the_judged_pairs_the_four_plain_signals_cross_validate_above_followers_alone()
    {
        var pairs = InfluencerPairsFile.Read(SharedData.Require(Path.Combine("influencer-pairs", "pairs.csv")));

        var followers = PairCrossValidation.Run(pairs, _ => f => Math.Log(1 + f.Followers));
        var plain = PairCrossValidation.Run(pairs, training => MonotoneSignalFit.Fit(training, PairSignal.Plain, new SignalFitOptions()).Total);

        Assert.True(plain.MeanAuc > followers.MeanAuc + 0.01, $"{plain.MeanAuc} against followers alone {followers.MeanAuc}");
    }
}
