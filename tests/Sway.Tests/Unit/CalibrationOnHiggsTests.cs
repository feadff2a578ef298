using Sway.Evaluation;
using Sway.Ingestion;
using Sway.Scoring;
using Sway.Scoring.Engine;

namespace Sway.Tests.Unit;

/// <summary>
/// Calibrated as 1.0 was: on the full SNAP Higgs replay, scored in memory as of its last event, model 2.0 gives the
/// accounts that received a reaction a mean of about 40 and a 95th percentile of about 63, with 100 out of reach.
/// </summary>
public sealed class CalibrationOnHiggsTests
{
    [Fact]
    public async Task On_the_full_Higgs_replay_model_2_0_averages_about_40_with_a_95th_percentile_about_63_and_nobody_at_100()
    {
        var path = SharedData.Require(Path.Combine("higgs-twitter", "higgs-activity_time.txt.gz"));
        using var source = new HiggsReplaySource(path);
        var extent = await source.MeasureAsync(TestContext.Current.CancellationToken);
        var log = await InteractionLog.FromAsync(source.ReadAllAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        var run = ModelRun.Score(log, extent!.End, ScoreModels.Get("2.0"));

        var scores = Enumerable.Range(0, run.AccountCount).Where(run.Received).Select(run.Score).ToList();
        var distribution = ScoreDistribution.Of(scores);
        Assert.True(scores.Count > 50_000, $"{scores.Count} receivers");
        Assert.InRange(distribution.Mean, 38, 42);
        Assert.InRange(distribution.P95, 60, 66);
        Assert.InRange(distribution.Max, 60, 99);
    }
}
