using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Scoring;
using Sway.Scoring.Engine;

namespace Sway.Bench;

/// <summary>
/// The in-memory engine on the full Higgs replay, side by side with igraph's weighted PageRank on the same graph in the
/// same run. Loading the file into an <see cref="InteractionLog"/> (accounts numbered once) is timed apart; then
/// building the graph from the log, standing and scoring, each repeated, medians reported. igraph gets the engine's
/// aggregated edges (reactor, target, saturated credit) and times only <c>g.pagerank</c>. For the record, the run also
/// times the rows by reactor (built on first use, outside the full pass) and builds from the same log under a shadow
/// model.
/// </summary>
internal static class EngineBenchmark
{
    public const string DefaultFile = "../shared/data/higgs-twitter/higgs-activity_time.txt.gz";
    private const string Python = "/usr/bin/python3";

    public static async Task RunAsync(string file, int repetitions)
    {
        // (a) Loading: the replay file streamed once into a columnar log, its accounts numbered as they come.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        using var source = new HiggsReplaySource(file);
        var log = await InteractionLog.FromAsync(source.ReadAllAsync(CancellationToken.None), CancellationToken.None);
        var load = watch.Elapsed.TotalSeconds;
        var loadAllocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6;
        if (log.Count == 0)
        {
            throw new InvalidOperationException("The file is empty.");
        }

        // As of the newest event, as the replay's extent has it.
        var newest = long.MinValue;
        foreach (var ticks in log.Ticks)
        {
            newest = Math.Max(newest, ticks);
        }

        var asOf = new DateTimeOffset(newest, TimeSpan.Zero);
        // Actor, target, type, instant number (4 bytes each) and ticks (8) per reaction; offsets by target; instants.
        var columns = ((log.Count * 24.0) + ((log.AccountCount + 1) * 4.0) + (log.Instants.Length * 8.0)) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {log.Count:N0} events, {log.AccountCount:N0} accounts, {log.Instants.Length:N0} instants loaded into a log in {load:F2} s ({loadAllocated:N0} MB allocated, columns {columns:N1} MB); as of {asOf:u}"));
        Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformationText()}");

        var build = new List<double>();
        var standing = new List<double>();
        var scoring = new List<double>();
        var full = new List<double>();
        var buildAllocated = 0.0;
        InteractionGraph graph = null!;
        PopulationScores scores = null!;
        var scorer = PopulationScorer.Default;
        // One untimed warm-up pass (JIT), then the timed repetitions.
        for (var r = -1; r < repetitions; r++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            watch.Restart();
            graph = InteractionGraph.Build(log, asOf, ScoreModel.V1);
            var b = watch.Elapsed.TotalSeconds;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            watch.Restart();
            var standings = scorer.Standing.Compute(graph);
            var c = watch.Elapsed.TotalSeconds;
            watch.Restart();
            scores = scorer.Score(graph, standings);
            var d = watch.Elapsed.TotalSeconds;
            if (r < 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up (cold JIT): build {b:F3} s, standing {c:F3} s, scoring {d:F3} s"));
                continue;
            }

            buildAllocated = allocated / 1e6;
            build.Add(b);
            standing.Add(c);
            scoring.Add(d);
            full.Add(b + c + d);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"graph: {graph.AccountCount:N0} accounts, {graph.EdgeCount:N0} weighted edges from {graph.Reactions:N0} reactions; standing converged in {scores.Standings.Iterations} iterations (L1 change {scores.Standings.Change:E1}); a build allocates {buildAllocated:N1} MB"));
        watch.Restart();
        _ = graph.TargetsOf(0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows by reactor, built on first use (not in the full pass): {watch.Elapsed.TotalSeconds:F3} s"));
        Shadow(log, asOf, repetitions);
        var model2 = ModelRunTimes(log, asOf, repetitions);

        // The same graph for igraph: dense account numbers, one line per aggregated edge.
        var folder = Directory.CreateTempSubdirectory("sway-engine-bench-").FullName;
        try
        {
            var edges = Path.Combine(folder, "edges.txt");
            var ranks = Path.Combine(folder, "pagerank.txt");
            WriteEdges(graph, edges);
            var baseline = RunIgraph(edges, graph.AccountCount, repetitions, ranks);
            var igraphRanks = File.ReadAllLines(ranks).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
            Compare(scores.Standings, igraphRanks);
            Console.WriteLine();
            Print(load, build, standing, scoring, full, baseline);
            var sortedModel2 = model2.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Sway model 2.0 full pass (`ModelRun`: build with signal credits, sender reviews, standings to their fixed point, scores) | {Median(sortedModel2):F3} | {sortedModel2[0]:F3} | {sortedModel2[^1]:F3} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: Sway model 2.0 full pass / igraph PageRank = {Median(sortedModel2) / baseline.Median:F2} (target ≤ 2)"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Summarise(scores);
    }

    /// <summary>What <c>sway model compare</c> runs per version: model 2.0 over the whole log (one warm-up, then timed).</summary>
    private static List<double> ModelRunTimes(InteractionLog log, DateTimeOffset asOf, int repetitions)
    {
        var model = ScoreModels.Get("2.0");
        var times = new List<double>();
        ModelRun run = null!;
        for (var r = -1; r < repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            run = ModelRun.Score(log, asOf, model);
            if (r >= 0)
            {
                times.Add(watch.Elapsed.TotalSeconds);
            }
        }

        var receivers = Enumerable.Range(0, run.AccountCount).Count(run.Received);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model 2.0 (ModelRun): {receivers:N0} accounts scored, standings settled in {run.Iterations} iterations; median {Median(times.Order().ToList()):F3} s"));
        return times;
    }

    /// <summary>The same log built under a second model, as a shadow comparison would: 3-day window, 7-day half-life.</summary>
    private static void Shadow(InteractionLog log, DateTimeOffset asOf, int repetitions)
    {
        var v1 = ScoreModel.V1;
        var shadow = new ScoreModel(
            "shadow",
            Enum.GetValues<InteractionType>().ToDictionary(t => t, v1.WeightOf),
            TimeSpan.FromDays(7),
            TimeSpan.FromDays(3),
            v1.ReactorSaturation,
            v1.Calibration);
        var times = new List<double>();
        InteractionGraph graph = null!;
        for (var r = 0; r < repetitions; r++)
        {
            var watch = Stopwatch.StartNew();
            graph = InteractionGraph.Build(log, asOf, shadow);
            times.Add(watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"shadow model (3-day window, 7-day half-life) from the same log: {graph.AccountCount:N0} accounts, {graph.EdgeCount:N0} edges from {graph.Reactions:N0} reactions; build median {Median(times):F3} s"));
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static void WriteEdges(InteractionGraph graph, string path)
    {
        using var writer = new StreamWriter(path, append: false, Encoding.ASCII, 1 << 16);
        for (var reactor = 0; reactor < graph.AccountCount; reactor++)
        {
            var targets = graph.TargetsOf(reactor);
            var credits = graph.CreditsFrom(reactor);
            for (var e = 0; e < targets.Length; e++)
            {
                writer.Write(reactor.ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write(targets[e].ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.WriteLine(credits[e].ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }

    private static IgraphResult RunIgraph(string edges, int accounts, int repetitions, string ranks)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "igraph_pagerank.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, edges, accounts.ToString(CultureInfo.InvariantCulture), repetitions.ToString(CultureInfo.InvariantCulture), ranks })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Python} {script} failed ({process.ExitCode}); is python3-igraph installed (apt-get install -y python3-igraph)?\n{error}");
        }

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        return new IgraphResult(
            root.GetProperty("igraph").GetString() ?? "?",
            [.. root.GetProperty("times").EnumerateArray().Select(t => t.GetDouble())],
            root.GetProperty("median").GetDouble());
    }

    /// <summary>How far the engine's standings are from igraph's PageRank (scaled to mean 1 like the standings).</summary>
    private static void Compare(Standings standings, double[] igraphRanks)
    {
        var n = standings.Count;
        var sum = igraphRanks.Sum();
        double l1 = 0, largest = 0;
        for (var v = 0; v < n; v++)
        {
            var theirs = igraphRanks[v] * n / sum;
            var difference = Math.Abs(standings[v] - theirs);
            l1 += difference / n;
            largest = Math.Max(largest, difference / Math.Max(theirs, 1e-12));
        }

        var topOurs = Enumerable.Range(0, n).OrderByDescending(v => standings[v]).Take(100).ToHashSet();
        var topTheirs = Enumerable.Range(0, n).OrderByDescending(v => igraphRanks[v]).Take(100);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"standing against igraph's PageRank: L1 distance of the probability vectors {l1:E2}, largest relative difference {largest:E2}, top 100 shared {topTheirs.Count(topOurs.Contains)}"));
    }

    private static void Print(double load, List<double> build, List<double> standing, List<double> scoring, List<double> full, IgraphResult baseline)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| step | median (s) | min | max |"));
        Console.WriteLine("|---|---:|---:|---:|");
        Row("(a) load the file (once)", [load]);
        Row("(b) build the graph", build);
        Row("(c) standing (PageRank)", standing);
        Row("(d) score every account", scoring);
        Row("**Sway full pass (b+c+d)**", full);
        Row($"igraph {baseline.Version} `pagerank` (baseline)", baseline.Times);
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ratio: Sway full pass / igraph PageRank = {Median(full) / baseline.Median:F2}; Sway standing alone / igraph PageRank = {Median(standing) / baseline.Median:F2} (target for the full pass: ≤ 2)"));

        static void Row(string step, IReadOnlyList<double> times)
        {
            var sorted = times.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {step} | {Median(sorted):F3} | {sorted[0]:F3} | {sorted[^1]:F3} |"));
        }
    }

    /// <summary>What standing does to model 1.0's calibration on the replay's receivers, for the record.</summary>
    private static void Summarise(PopulationScores scores)
    {
        var off = new PopulationScorer(ReactorStanding.Default, StandingWeight.Off, ScoreModel.V1.Calibration).Score(scores.Graph, scores.Standings);
        var receivers = Enumerable.Range(0, scores.Graph.AccountCount).Where(v => scores.RawTotals[v] > 0).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{receivers.Count:N0} accounts received a reaction; mean score with standing off {receivers.Average(v => off.Scores[v]):F1} (model 1.0), with standing {receivers.Average(v => scores.Scores[v]):F1} (1.0's calibration, before 2.0's)"));
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed record IgraphResult(string Version, IReadOnlyList<double> Times, double Median);
}
