using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sway.Evaluation;
using Sway.Scoring;
using Sway.Scoring.Engine;

namespace Sway.Cli.Commands;

/// <summary>
/// <c>sway model calibrate --model 2.0 --replay FILE [--like 1.0] [--limit N]</c>: measures a version's numbers that
/// come from a population rather than from judged pairs, and prints them as the JSON to put in its model file:
/// <list type="bullet">
/// <item>each network's norms: the median amount of each reaction signal among the accounts that received some, at
/// settled standings (measured three times, since the standings depend on the norms);</item>
/// <item>the calibration table, matching the distribution of scores that <c>--like</c> gives the same accounts
/// (<see cref="CalibrationFit"/>).</item>
/// </list>
/// </summary>
internal static class ModelCalibrateCommand
{
    private const int Rounds = 3;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var model = ModelCompareCommand.VersionOption("--model", "The version to calibrate (a version with signals).");
        var like = ModelCompareCommand.VersionOption("--like", "The version whose distribution of scores to keep.");
        like.Required = false;
        like.DefaultValueFactory = _ => "1.0";
        var replay = new Option<FileInfo>("--replay") { Description = "A replay file in the SNAP Higgs activity format (gzip or plain).", Required = true };
        replay.AcceptExistingOnly();
        var limit = new Option<long>("--limit") { Description = "Read only the first N events (0: all).", DefaultValueFactory = _ => 0 };
        var command = new Command("calibrate", "Measure a version's network norms and calibration table on a replayed population.") { model, like, replay, limit };
        command.SetAction(async (parse, ct) =>
        {
            var target = ScoreModels.Get(parse.GetValue(model)!);
            if (!target.IsAdditive)
            {
                Console.Error.WriteLine($"sway: model {target.Version} sums credit; only a version with signals has norms and a calibration table to measure.");
                return 2;
            }

            var population = await ReplayPopulation.LoadAsync(parse.GetValue(replay)!, parse.GetValue(limit), ct);
            Run(population, target, ScoreModels.Get(parse.GetValue(like)!));
            return 0;
        });
        return command;
    }

    private static void Run(ReplayPopulation population, ScoreModel model, ScoreModel like)
    {
        var definition = model.Definition;
        var reference = ModelRun.Score(population.Log, population.AsOf, like);
        ModelRun run = ModelRun.Score(population.Log, population.AsOf, model);
        for (var round = 0; round < Rounds; round++)
        {
            var norms = MeasureNorms(run);
            definition = definition with { Norms = norms };
            run = ModelRun.Score(population.Log, population.AsOf, new ScoreModel(definition));
            Console.WriteLine(string.Create(Inv, $"round {round + 1}: norms {JsonSerializer.Serialize(norms, SwayJson.Options)}, standings settled in {run.Iterations} iterations"));
        }

        var accounts = Enumerable.Range(0, run.AccountCount).Where(a => run.Received(a) || reference.Received(a)).ToList();
        // 100 is what every signal at ten thousand times its norm earns, audience signals included (the aggregate path has them).
        var ceiling = run.Model.Signals.Sum(s => s.Curve.Evaluate(Math.Log(1 + 1e4)));
        var table = CalibrationFit.Match([.. accounts.Select(run.Total)], [.. accounts.Select(a => like.Calibration.ToExactScore(reference.Total(a)))], ceiling);
        var calibrated = new ScoreModel(definition with { Calibration = new ScoreCalibration(0, 0, table) });
        var scores = accounts.Select(a => calibrated.Calibration.ToScore(run.Total(a))).ToList();
        Console.WriteLine(string.Create(Inv, $"{accounts.Count:N0} accounts; under {like.Version}: {ScoreDistribution.Of([.. accounts.Select(reference.Score)])}"));
        Console.WriteLine(string.Create(Inv, $"under {model.Version} with this table: {ScoreDistribution.Of(scores)}"));
        Console.WriteLine(JsonSerializer.Serialize(new { norms = definition.Norms, calibration = new { table } }, SwayJson.Options));
    }

    private static Dictionary<string, IReadOnlyDictionary<string, double>> MeasureNorms(ModelRun run)
    {
        var model = run.Model;
        var norms = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var receivers = Enumerable.Range(0, run.AccountCount).Where(run.Received).ToList();
        foreach (var network in receivers.GroupBy(a => run.AccountAt(a).Network, StringComparer.Ordinal))
        {
            norms[network.Key] = Enumerable.Range(0, model.Signals.Count)
                .Where(s => model.Signals[s].IsReaction)
                .ToDictionary(s => model.SignalNames[s], s => Math.Round(MonotoneSignalFit.NonZeroMedian(network.Select(a => run.Amount(a, s))), 4), StringComparer.Ordinal);
        }

        norms["*"] = norms.Count == 1 ? norms.Values.Single() : model.Definition.Norms!["*"];
        return norms;
    }
}
