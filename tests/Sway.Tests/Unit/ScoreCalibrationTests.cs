using Sway.Scoring;

namespace Sway.Tests.Unit;

/// <summary>The fixed mapping from raw weight to the 1-100 scale.</summary>
public sealed class ScoreCalibrationTests
{
    private static readonly ScoreCalibration Calibration = ScoreModel.V1.Calibration;

    [Fact]
    public void ToScore_never_decreases_as_the_weight_grows()
    {
        var weights = Enumerable.Range(-600, 1_500).Select(e => Math.Pow(10, e / 100.0)).ToList();

        var scores = weights.Select(Calibration.ToScore).ToList();

        for (var i = 1; i < scores.Count; i++)
        {
            Assert.True(scores[i] >= scores[i - 1], $"{weights[i]} scores {scores[i]} < {scores[i - 1]} for {weights[i - 1]}");
        }
    }

    [Fact]
    public void ToScore_reaches_every_score_from_1_to_100()
    {
        var scores = Enumerable.Range(-12_000, 72_000).Select(e => Calibration.ToScore(Math.Pow(10, e / 2_000.0))).ToHashSet();

        Assert.Empty(Enumerable.Range(1, 100).Except(scores));
        Assert.Empty(scores.Except(Enumerable.Range(1, 100)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(-1e300)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void ToScore_is_1_for_no_weight_negative_weight_or_NaN(double weight)
    {
        Assert.Equal(1, Calibration.ToScore(weight));
    }

    [Theory]
    [InlineData(1e6)]
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(double.PositiveInfinity)]
    public void ToScore_never_exceeds_100(double weight)
    {
        Assert.InRange(Calibration.ToScore(weight), 1, 100);
    }

    [Fact]
    public void ToScore_stays_within_1_to_100_for_any_calibration()
    {
        var random = new Random(3);
        for (var run = 0; run < 1_000; run++)
        {
            var calibration = new ScoreCalibration(0.01 + (random.NextDouble() * 10), 0.1 + (random.NextDouble() * 5));
            var weight = Math.Pow(10, (random.NextDouble() * 20) - 10);

            Assert.InRange(calibration.ToScore(weight), 1, 100);
        }
    }
}
