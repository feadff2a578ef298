using System.Globalization;
using System.Text.RegularExpressions;

namespace Sway.Tests.Cli;

/// <summary><c>sway eval-pairs</c>: the model's ranking of judged pairs against followers alone, and clear refusals.</summary>
public sealed partial class EvalPairsCommandTests
{
    private static readonly Dictionary<string, string> NoStorage = [];

    [Fact]
    public async Task Eval_pairs_prints_both_scorers_and_ends_with_the_models_AUC()
    {
        var file = SharedData.Require(Path.Combine("influencer-pairs", "pairs.csv"));

        var result = await SwayCli.RunAsync(NoStorage, "eval-pairs", file);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("3,500 judged pairs from pairs.csv", lines[0]);
        var last = AucLine().Match(lines[^1]);
        Assert.True(last.Success, lines[^1]);
        var auc = double.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Contains(lines, l => l.StartsWith($"| model {new Sway.Scoring.ScoringOptions().ModelVersion} (aggregate path) |", StringComparison.Ordinal) && l.EndsWith($"| {auc:0.0000} |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| followers only (baseline) |", StringComparison.Ordinal));
        Assert.InRange(auc, 0.5, 1.0);
    }

    [Fact]
    public async Task Eval_pairs_of_a_missing_file_or_an_unknown_model_exits_non_zero_with_a_message()
    {
        var missing = await SwayCli.RunAsync(NoStorage, "eval-pairs", "/nonexistent/pairs.csv");
        var unknown = await SwayCli.RunAsync(NoStorage, "eval-pairs", typeof(EvalPairsCommandTests).Assembly.Location, "--model", "9.9");

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("pairs.csv", missing.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("--model names no shipped model", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_pairs_of_a_file_that_is_not_a_pairs_file_exits_1_naming_the_problem()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pairs-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "name,score\nalice,3\n", TestContext.Current.CancellationToken);
        try
        {
            var result = await SwayCli.RunAsync(NoStorage, "eval-pairs", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("influencer-pairs header", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"^AUC: (0\.\d{4})$")]
    private static partial Regex AucLine();
}
