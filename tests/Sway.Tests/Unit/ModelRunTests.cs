using System.Globalization;
using Sway.Domain;
using Sway.Evaluation;
using Sway.Scoring;
using Sway.Scoring.Engine;
using static Sway.Tests.Unit.Reactions;

namespace Sway.Tests.Unit;

/// <summary>
/// The in-memory engine that <c>sway model compare</c> and <c>calibrate</c> use: it scores every account as the
/// pipeline's model does once standings settle, discounts bots and rings by the same rules, and compares versions.
/// </summary>
public sealed class ModelRunTests
{
    private static readonly ScoreModel V2 = ScoreModels.Get("2.0");

    /// <summary>A population of 300 accounts on two networks with heavy-tailed popularity and a few busy reactors.</summary>
    private static List<Interaction> Population(int seed)
    {
        var random = new Random(seed);
        var types = Enum.GetValues<InteractionType>();
        var list = new List<Interaction>();
        for (var i = 0; i < 4_000; i++)
        {
            var network = random.NextDouble() < 0.7 ? "mastodon" : "bluesky";
            var actor = "u" + random.Next(300).ToString(CultureInfo.InvariantCulture);
            var target = "u" + ((int)(300 * Math.Pow(random.NextDouble(), 3))).ToString(CultureInfo.InvariantCulture);
            var at = AsOf - TimeSpan.FromMinutes(random.Next(0, 120 * 24 * 60));
            list.Add(new Interaction($"e{i}", network, actor, target, types[random.Next(types.Length)], null, at));
        }

        return list;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_account_scores_what_the_model_gives_it_with_the_engines_standings_and_trust(int seed)
    {
        var log = InteractionLog.From(Population(seed));

        var run = ModelRun.Score(log, AsOf, V2);

        Assert.InRange(run.Iterations, 2, ModelRun.MaxIterations - 1);
        var receivers = Enumerable.Range(0, run.AccountCount).Where(run.Received).ToList();
        Assert.True(receivers.Count > 100);
        Assert.All(receivers, account =>
        {
            var explained = run.Explain(account);
            Assert.Equal(run.Score(account), explained.Score);
            Assert.InRange(explained.Explanation.Weight - run.Total(account), -0.0005 - 1e-9, 0.0005 + 1e-9); // the explanation rounds to 3 decimals
        });
    }

    [Fact]
    public void Under_1_0_the_engine_scores_each_account_as_model_1_0_scores_it_alone()
    {
        var interactions = Population(3);
        var run = ModelRun.Score(InteractionLog.From(interactions), AsOf, ScoreModel.V1);

        foreach (var account in Enumerable.Range(0, run.AccountCount).Where(run.Received).Take(60))
        {
            var key = run.AccountAt(account);
            var profile = new Profile("p", [new LinkedAccount(key.Network, key.AccountId, key.AccountId)], ProfileOrigin.Dataset, AsOf);
            var received = interactions.Where(i => i.Network == key.Network && i.TargetId == key.AccountId);
            Assert.Equal(ScoreModel.V1.Score(profile, received, AsOf, AsOf).Score, run.Score(account));
        }
    }

    [Fact]
    public void A_mention_bot_loses_its_trust_and_its_150_targets_score_exactly_as_without_it()
    {
        var people = Population(4);
        var bot = Enumerable.Range(0, 150).Select(i => new Interaction($"bot{i}", "mastodon", "bot", "u" + i.ToString(CultureInfo.InvariantCulture), InteractionType.Mention, null, AsOf.AddHours(-2).AddSeconds(i * 20))).ToList();

        var without = ModelRun.Score(InteractionLog.From(people), AsOf, V2);
        var with = ModelRun.Score(InteractionLog.From([.. people, .. bot]), AsOf, V2);

        Assert.Equal(0, with.Of("mastodon", "bot").Trust);
        for (var i = 0; i < 150; i++)
        {
            var id = "u" + i.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(Score(without, id), Score(with, id));
        }

        static int Score(ModelRun run, string id) => run.Graph.Log.TryGetNumber("mastodon", id, out var n) ? run.Score(n) : 1;
    }

    [Fact]
    public void Comparing_a_version_with_itself_moves_nobody()
    {
        var log = InteractionLog.From(Population(5));
        var run = ModelRun.Score(log, AsOf, V2);

        var comparison = ModelComparison.Of(run, ModelRun.Score(log, AsOf, V2));

        Assert.Equal((0, 0, 0, 0), (comparison.Changes.Min, comparison.Changes.Max, comparison.MovedUp, comparison.MovedDown));
        Assert.Equal(comparison.FromScores, comparison.ToScores);
    }

    [Fact]
    public void A_calibration_fitted_by_quantile_matching_keeps_the_reference_distribution_and_never_decreases()
    {
        var random = new Random(6);
        var totals = Enumerable.Range(0, 5_000).Select(_ => Math.Round(Math.Exp(random.NextDouble() * 3) - 1, 2)).Where(t => t > 0).ToList();
        var reference = totals.Select(_ => 20 + (random.NextDouble() * 60)).ToList();

        var table = CalibrationFit.Match(totals, reference, ceiling: 50);
        var calibration = new ScoreCalibration(0, 0, table);

        Assert.InRange(table.Count, 10, CalibrationFit.MaxPoints + 2);
        Assert.Equal(new CalibrationPoint(50, 100), table[^1]);
        Assert.InRange(totals.Average(calibration.ToExactScore) - reference.Average(), -1, 1);
        Assert.All(table.Zip(table.Skip(1)), p => Assert.True(p.Second.Total > p.First.Total && p.Second.Score >= p.First.Score));
    }
}
