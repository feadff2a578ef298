using Sway.Evaluation;

namespace Sway.Tests.Unit;

/// <summary>The AUC and accuracy of a score's differences against people's judgements.</summary>
public sealed class RankingQualityTests
{
    [Fact]
    public void A_difference_that_always_points_at_the_judged_account_has_an_AUC_of_one_and_full_accuracy()
    {
        var quality = RankingQuality.Of([3, 1, -2, -5], [true, true, false, false]);

        Assert.Equal((1.0, 1.0), (quality.Auc, quality.Accuracy));
    }

    [Fact]
    public void A_difference_that_always_points_the_wrong_way_has_an_AUC_of_zero()
    {
        Assert.Equal(0.0, RankingQuality.Of([-3, -1, 2, 5], [true, true, false, false]).Auc);
    }

    [Fact]
    public void Ties_count_half_in_the_AUC_and_in_the_accuracy()
    {
        var quality = RankingQuality.Of([0, 0, 0, 0], [true, false, true, false]);

        Assert.Equal((0.5, 0.5), (quality.Auc, quality.Accuracy));
    }

    [Fact]
    public void The_AUC_is_the_share_of_positive_negative_pairs_ordered_right()
    {
        // positives 2 and 0.5; negatives 1 and -1: (2>1, 2>-1, 0.5<1, 0.5>-1) → 3 of 4.
        var quality = RankingQuality.Of([2, 0.5, 1, -1], [true, true, false, false]);

        Assert.Equal(0.75, quality.Auc, 10);
        Assert.Equal(0.75, quality.Accuracy, 10); // 2 ✓, 0.5 ✓, 1 ✗ (says A, judged B), −1 ✓
    }
}
