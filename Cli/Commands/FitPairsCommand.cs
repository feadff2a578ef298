using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sway.Evaluation;

namespace Sway.Cli.Commands;

/// <summary>
/// <c>sway model fit-pairs FILE [--knots N] [--ridge L] [--grid]</c>: fits the aggregate path's monotone signal curves
/// (<see cref="MonotoneSignalFit"/>) to judged pairs. It prints the cross-validated ranking quality (10 folds × 3
/// repeats, seeded) of several signal sets beside followers alone, then the curves of the four plain signals fitted on
/// every pair, for shipping, as a JSON fragment. With <c>--grid</c> it first cross-validates the plain signals for
/// every knot count and ridge of a small grid.
/// </summary>
internal static class FitPairsCommand
{
    public const int DefaultKnots = 6;
    public const double DefaultRidge = 1e-4;

    private static readonly int[] GridKnots = [4, 6, 8, 10];
    private static readonly double[] GridRidges = [0, 1e-4, 1e-3, 1e-2];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "An influencer-pairs CSV (Choice, then 11 figures for A and for B)." };
        file.AcceptExistingOnly();
        var knots = new Option<int>("--knots") { Description = "Interior knots per signal, at quantiles of its nonzero values.", DefaultValueFactory = _ => DefaultKnots };
        knots.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 50)
            {
                r.AddError("--knots is between 1 and 50.");
            }
        });
        var ridge = new Option<double>("--ridge") { Description = "The L2 ridge on the curves' rises over their segments (against the mean log loss).", DefaultValueFactory = _ => DefaultRidge };
        ridge.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is var value && (value < 0 || !double.IsFinite(value)))
            {
                r.AddError("--ridge is a number, 0 or more.");
            }
        });
        var grid = new Option<bool>("--grid") { Description = "First cross-validate the four plain signals over a grid of knot counts and ridges." };
        var command = new Command("fit-pairs", "Fit the aggregate path's monotone signal curves to judged pairs; print cross-validated quality and the curves.") { file, knots, ridge, grid };
        command.SetAction(parse => Run(parse.GetValue(file)!, new SignalFitOptions(parse.GetValue(knots), parse.GetValue(ridge)), parse.GetValue(grid)));
        return command;
    }

    private static int Run(FileInfo file, SignalFitOptions options, bool grid)
    {
        var pairs = InfluencerPairsFile.Read(file.FullName);
        var folds = Math.Min(PairCrossValidation.DefaultFolds, pairs.Count);
        Console.WriteLine(string.Create(Inv, $"{pairs.Count:N0} judged pairs from {file.Name}"));
        Console.WriteLine(string.Create(
            Inv,
            $"Cross-validated: {folds} folds × {PairCrossValidation.DefaultRepeats} repeats by row (seed {PairCrossValidation.DefaultSeed}); norms and knots from each fold's training rows; held-out AUC and accuracy, mean over folds."));
        if (grid)
        {
            PrintGrid(pairs, folds);
        }

        Console.WriteLine(string.Create(Inv, $"{options.Knots} knots, ridge {options.Ridge:G4}:"));
        Console.WriteLine("| signals | curves | accuracy | AUC | fold AUC sd |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        var baseline = PairCrossValidation.Run(pairs, _ => f => Math.Log(1 + f.Followers), folds);
        PrintRow("followers only: ln(1 + followers), nothing fitted", "-", baseline);
        PrintRow("followers", "monotone", CrossValidate(pairs, [PairSignal.Followers], options, folds));
        var plain = CrossValidate(pairs, PairSignal.Plain, options, folds);
        PrintRow(Names(PairSignal.Plain) + " (model 2.0)", "monotone", plain);
        foreach (var derived in PairSignal.Derived)
        {
            PrintRow(Names(PairSignal.Plain) + ", " + derived.Name, "monotone", CrossValidate(pairs, [.. PairSignal.Plain, derived], options, folds));
        }

        PrintRow(Names(PairSignal.Plain) + ", " + Names(PairSignal.Derived), "monotone", CrossValidate(pairs, [.. PairSignal.Plain, .. PairSignal.Derived], options, folds));
        PrintRow("all 11 figures (reference ceiling, not shippable)", "unconstrained", CrossValidate(pairs, PairSignal.Reference, options with { Monotone = false }, folds));
        Console.WriteLine(string.Create(Inv, $"AUC: {plain.MeanAuc:0.0000}"));

        var shipped = MonotoneSignalFit.Fit(pairs, PairSignal.Plain, options);
        Console.WriteLine(string.Create(Inv, $"Curves of {Names(PairSignal.Plain)} fitted on all {pairs.Count:N0} pairs (u = ln(1 + x / norm); linear between knots, the last slope beyond the last):"));
        Console.WriteLine(Json(shipped));
        return 0;
    }

    private static void PrintGrid(IReadOnlyList<InfluencerPair> pairs, int folds)
    {
        Console.WriteLine(string.Create(Inv, $"Grid, {Names(PairSignal.Plain)}, monotone: AUC (accuracy)"));
        Console.WriteLine("| knots | " + string.Join(" | ", GridRidges.Select(r => string.Create(Inv, $"ridge {r:G4}"))) + " |");
        Console.WriteLine("|---:|" + string.Concat(GridRidges.Select(_ => "---:|")));
        foreach (var k in GridKnots)
        {
            var cells = GridRidges.Select(r => CrossValidate(pairs, PairSignal.Plain, new SignalFitOptions(k, r), folds))
                .Select(q => string.Create(Inv, $"{q.MeanAuc:0.0000} ({q.MeanAccuracy:0.000})"));
            Console.WriteLine(string.Create(Inv, $"| {k} | {string.Join(" | ", cells)} |"));
        }
    }

    private static CrossValidatedQuality CrossValidate(IReadOnlyList<InfluencerPair> pairs, IReadOnlyList<PairSignal> signals, SignalFitOptions options, int folds) =>
        PairCrossValidation.Run(pairs, training => MonotoneSignalFit.Fit(training, signals, options).Total, folds);

    private static void PrintRow(string signals, string curves, CrossValidatedQuality quality) =>
        Console.WriteLine(string.Create(Inv, $"| {signals} | {curves} | {quality.MeanAccuracy:0.000} | {quality.MeanAuc:0.0000} | {quality.AucSpread:0.0000} |"));

    private static string Names(IEnumerable<PairSignal> signals) => string.Join(", ", signals.Select(s => s.Name));

    /// <summary>The fragment <c>{"norms": {...}, "signals": {name: {"knots": [...], "values": [...]}}}</c>, numbers to 4 decimals.</summary>
    private static string Json(AdditiveSignalScore score)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("norms");
            foreach (var s in score.Signals)
            {
                json.WriteNumber(s.Signal.Name, Math.Round(s.Norm, 4));
            }

            json.WriteEndObject();
            json.WriteStartObject("signals");
            foreach (var s in score.Signals)
            {
                json.WriteStartObject(s.Signal.Name);
                WriteNumbers(json, "knots", s.Curve.Knots);
                WriteNumbers(json, "values", s.Curve.Values);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IEnumerable<double> numbers)
    {
        json.WriteStartArray(name);
        foreach (var n in numbers)
        {
            json.WriteNumberValue(Math.Round(n, 4));
        }

        json.WriteEndArray();
    }
}
