using System.CommandLine;
using System.Globalization;
using Sway.Domain;
using Sway.Evaluation;
using Sway.Scoring;
using Sway.Scoring.Engine;

namespace Sway.Cli.Commands;

/// <summary>
/// <c>sway model compare --from 1.0 --to 2.0 --replay FILE [--limit N]</c>: shadow-scores a replayed population under
/// two versions in memory (<see cref="ModelRun"/>) and prints the distribution of the changes, how many accounts move
/// more than 10 points, and the largest movers each way with why. Nothing is stored.
/// </summary>
internal static class ModelCompareCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var from = VersionOption("--from", "The version scores are computed with today.");
        var to = VersionOption("--to", "The version that would replace it.");
        var replay = new Option<FileInfo>("--replay") { Description = "A replay file in the SNAP Higgs activity format (gzip or plain).", Required = true };
        replay.AcceptExistingOnly();
        var limit = new Option<long>("--limit") { Description = "Read only the first N events (0: all).", DefaultValueFactory = _ => 0 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 0)
            {
                r.AddError("--limit is 0 (all) or a positive number of events.");
            }
        });
        var movers = new Option<int>("--movers") { Description = "How many of the largest movers to show each way.", DefaultValueFactory = _ => 10 };
        var command = new Command("compare", "Shadow-score a replayed population under two model versions and show what would move.") { from, to, replay, limit, movers };
        command.SetAction(async (parse, ct) =>
        {
            var population = await ReplayPopulation.LoadAsync(parse.GetValue(replay)!, parse.GetValue(limit), ct);
            Run(population, ScoreModels.Get(parse.GetValue(from)!), ScoreModels.Get(parse.GetValue(to)!), parse.GetValue(movers));
            return 0;
        });
        return command;
    }

    internal static Option<string> VersionOption(string name, string description)
    {
        var option = new Option<string>(name) { Description = description, Required = true };
        option.Validators.Add(r =>
        {
            if (!ScoreModels.TryGet(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"{name} names no shipped model. Versions: {string.Join(", ", ScoreModels.Versions.Order(StringComparer.Ordinal))}.");
            }
        });
        return option;
    }

    private static void Run(ReplayPopulation population, ScoreModel from, ScoreModel to, int movers)
    {
        var before = ModelRun.Score(population.Log, population.AsOf, from);
        var after = ModelRun.Score(population.Log, population.AsOf, to);
        var comparison = ModelComparison.Of(before, after, movers);
        Console.WriteLine(string.Create(Inv, $"Model {from.Version} → {to.Version} on {population.Name}: {population.Log.Count:N0} events, scored as of {population.AsOf:u}"));
        Console.WriteLine(string.Create(Inv, $"{comparison.Accounts:N0} accounts received a reaction that counts under either version."));
        Console.WriteLine();
        Console.WriteLine("| | mean | p5 | median | p95 | p99 | lowest | highest |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Row($"score under {from.Version}", comparison.FromScores);
        Row($"score under {to.Version}", comparison.ToScores);
        Row($"change ({to.Version} − {from.Version})", comparison.Changes);
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv, $"Moved more than {ModelComparison.LargeMove} points: {comparison.MovedUp + comparison.MovedDown:N0} ({(double)(comparison.MovedUp + comparison.MovedDown) / Math.Max(1, comparison.Accounts):P1}): {comparison.MovedUp:N0} up, {comparison.MovedDown:N0} down."));
        Print("Largest rises", comparison.Rises, before, after);
        Print("Largest drops", comparison.Drops, before, after);
    }

    private static void Row(string label, ScoreDistribution d) =>
        Console.WriteLine(string.Create(Inv, $"| {label} | {d.Mean:0.0} | {d.P5} | {d.P50} | {d.P95} | {d.P99} | {d.Min} | {d.Max} |"));

    private static void Print(string title, IReadOnlyList<ModelMover> movers, ModelRun before, ModelRun after)
    {
        Console.WriteLine();
        Console.WriteLine(title + ":");
        foreach (var mover in movers)
        {
            Console.WriteLine(string.Create(Inv, $"  {mover.AccountId}: {mover.From} → {mover.To} ({mover.Change:+0;-0;0})"));
            Console.WriteLine("      " + Why(before.Model.Version, before.Explain(mover.Account)));
            Console.WriteLine("      " + Why(after.Model.Version, after.Explain(mover.Account)));
        }
    }

    /// <summary>One line of why: where the points came from, what standing added, who was discounted.</summary>
    internal static string Why(string version, ScoreResult result)
    {
        var e = result.Explanation;
        var parts = e.Components.Where(c => c.Points > 0).Take(3).Select(c => string.Create(Inv, $"{c.Type.ToString().ToLowerInvariant()} {c.Points}"));
        var text = string.Create(Inv, $"{version}: {e.Reactions} reactions from {e.Reactors} accounts; points {string.Join(", ", parts.DefaultIfEmpty("none"))}");
        if (e.Standing is { } standing)
        {
            text += string.Create(Inv, $"; {standing.Share:P0} of the weight from reactors' standing");
        }

        if (e.Discounted is { } discounted)
        {
            text += string.Create(Inv, $"; {discounted.Reactors} reactors discounted ({(discounted.Reasons.Count > 0 ? discounted.Reasons[0] : "low trust")})");
        }

        var top = e.Amplifiers.Count > 0 ? e.Amplifiers[0] : null;
        return top is null ? text : text + string.Create(Inv, $"; top amplifier {top.AccountId} {top.Share:P0}{(top.Standing is { } s ? string.Create(Inv, $" (standing {s:0.##})") : "")}");
    }
}
