using System.Text.Json;
using Sway.Tests.Unit;

namespace Sway.Tests.Cli;

/// <summary><c>sway model fit-pairs</c>: the cross-validated table, then the shipped curves as JSON, and clear refusals.</summary>
public sealed class FitPairsCommandTests
{
    private static readonly Dictionary<string, string> NoStorage = [];
    private static readonly string[] PlainSignals = ["amplification", "conversation", "followers", "listed"];

    [Fact]
    public async Task Fit_pairs_prints_the_cross_validated_table_then_non_decreasing_curves_of_the_four_plain_signals_as_JSON()
    {
        var folder = Directory.CreateTempSubdirectory("fit-pairs-");
        var file = Path.Combine(folder.FullName, "judged.csv");
        var pairs = SyntheticPairs.Generate(200, seed: 9, a => Math.Log(1 + a.Listed) - Math.Log(1 + a.Posts));
        await File.WriteAllTextAsync(file, SyntheticPairs.Csv(pairs), TestContext.Current.CancellationToken);
        try
        {
            var result = await SwayCli.RunAsync(NoStorage, "model", "fit-pairs", file, "--knots", "4", "--ridge", "0.001");

            Assert.True(result.ExitCode == 0, result.Error);
            var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
            Assert.Equal("200 judged pairs from judged.csv", lines[0]);
            Assert.Contains("4 knots, ridge 0.001:", lines);
            Assert.Contains(lines, l => l.StartsWith("| followers only: ln(1 + followers), nothing fitted | - |", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("| amplification, conversation, followers, listed (model 2.0) | monotone |", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("| all 11 figures (reference ceiling, not shippable) | unconstrained |", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("AUC: 0.", StringComparison.Ordinal));

            using var json = JsonDocument.Parse(string.Join('\n', lines.SkipWhile(l => l != "{")));
            var norms = json.RootElement.GetProperty("norms");
            var signals = json.RootElement.GetProperty("signals");
            Assert.Equal(PlainSignals, norms.EnumerateObject().Select(p => p.Name));
            Assert.Equal(PlainSignals, signals.EnumerateObject().Select(p => p.Name));
            Assert.All(norms.EnumerateObject(), n => Assert.True(n.Value.GetDouble() > 0, n.Name));
            foreach (var signal in signals.EnumerateObject())
            {
                var knots = signal.Value.GetProperty("knots").EnumerateArray().Select(k => k.GetDouble()).ToList();
                var values = signal.Value.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
                Assert.Equal(knots.Count, values.Count);
                Assert.Equal((0.0, 0.0), (knots[0], values[0]));
                Assert.Equal(knots.Order(), knots);
                Assert.Equal(values.Order(), values);
                Assert.All(values, v => Assert.Equal(Math.Round(v, 4), v));
            }

            // Judged by listed: its curve rises most.
            Assert.Equal("listed", signals.EnumerateObject().MaxBy(s => s.Value.GetProperty("values").EnumerateArray().Last().GetDouble()).Name);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Fit_pairs_with_no_knots_or_a_negative_ridge_exits_non_zero_naming_the_option()
    {
        var knots = await SwayCli.RunAsync(NoStorage, "model", "fit-pairs", typeof(FitPairsCommandTests).Assembly.Location, "--knots", "0");
        var ridge = await SwayCli.RunAsync(NoStorage, "model", "fit-pairs", typeof(FitPairsCommandTests).Assembly.Location, "--ridge", "-1");

        Assert.NotEqual(0, knots.ExitCode);
        Assert.Contains("--knots", knots.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, ridge.ExitCode);
        Assert.Contains("--ridge", ridge.Error, StringComparison.Ordinal);
    }
}
