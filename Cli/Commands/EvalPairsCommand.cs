using System.CommandLine;
using System.Globalization;
using Sway.Evaluation;
using Sway.Scoring;

namespace Sway.Cli.Commands;

/// <summary>
/// <c>sway eval-pairs FILE</c>: how well a model's scores rank pairs of accounts that people judged, against the
/// followers-only baseline (the difference of log(1 + followers), the usual form of "more followers wins"). Each account's figures go through the model's aggregate path. The model's
/// score is taken before rounding to whole points (ties between whole points say nothing about who is more influential);
/// the rounded score's figures are printed too. The last line is <c>AUC: 0.xxxx</c>, the model's.
/// </summary>
internal static class EvalPairsCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "An influencer-pairs CSV (Choice, then 11 figures for A and for B)." };
        file.AcceptExistingOnly();
        var version = new Option<string>("--model") { Description = "The model version to evaluate (default: the pipeline's).", DefaultValueFactory = _ => new ScoringOptions().ModelVersion };
        version.Validators.Add(r =>
        {
            if (!ScoreModels.TryGet(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--model names no shipped model. Versions: {string.Join(", ", ScoreModels.Versions.Order(StringComparer.Ordinal))}.");
            }
        });
        var command = new Command("eval-pairs", "Measure a model's ranking of judged account pairs (accuracy and AUC) against followers alone.") { file, version };
        command.SetAction(parse => Run(parse.GetValue(file)!, ScoreModels.Get(parse.GetValue(version)!)));
        return command;
    }

    private static int Run(FileInfo file, ScoreModel model)
    {
        var pairs = InfluencerPairsFile.Read(file.FullName);
        var scored = PairEvaluation.Evaluate(pairs, model.ScoreFiguresExactly);
        var whole = PairEvaluation.Evaluate(pairs, f => model.ScoreFigures(f));
        var followers = PairEvaluation.Evaluate(pairs, f => Math.Log(1 + f.Followers));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{pairs.Count:N0} judged pairs from {file.Name}"));
        Console.WriteLine("| scorer | accuracy | AUC |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(inv, $"| model {model.Version} (aggregate path) | {scored.Accuracy:0.000} | {scored.Auc:0.0000} |"));
        Console.WriteLine(string.Create(inv, $"| model {model.Version}, scores rounded to whole points | {whole.Accuracy:0.000} | {whole.Auc:0.0000} |"));
        Console.WriteLine(string.Create(inv, $"| followers only (baseline) | {followers.Accuracy:0.000} | {followers.Auc:0.0000} |"));
        Console.WriteLine(string.Create(inv, $"AUC: {scored.Auc:0.0000}"));
        return 0;
    }
}
