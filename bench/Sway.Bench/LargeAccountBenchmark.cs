using System.Diagnostics;
using System.Globalization;
using Sway.Scoring;
using Sway.Tests.Unit;

namespace Sway.Bench;

/// <summary>
/// Scoring one very large account in memory (issue 16): its reactions (<see cref="CelebrityAudience"/>, generated on the
/// fly as storage would read them, no storage involved) streamed into the <see cref="ScoreLedger"/>, side by side with
/// the baseline, the path before it: every reaction read into a list, then scored by holding them
/// (<see cref="ListLedger"/>). Each measurement runs in a fresh process of its own, so that its peak resident set
/// (VmHWM) is its own; a third process only reads the reactions (the floor: the runtime and the reading). Methods
/// alternate in order; medians of the repetitions.
/// </summary>
internal static class LargeAccountBenchmark
{
    private const int Seed = 16;
    private static readonly string[] Methods = ["stream (ledger)", "list (baseline)", "read only (floor)"];

    public static async Task RunAsync(IReadOnlyList<int> sizes, int repetitions)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, model 2.0, seed {Seed}, {repetitions} repetitions, one process per measurement");
        Console.WriteLine();
        Console.WriteLine("| reactions | method | time (s) | peak RSS (MB) | managed live after reading (MB) | allocated (MB) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        var ratios = new List<string>();
        foreach (var size in sizes)
        {
            var runs = Methods.ToDictionary(m => m, _ => new List<Measurement>());
            for (var r = 0; r < repetitions; r++)
            {
                foreach (var method in r % 2 == 0 ? Methods : Methods.Reverse())
                {
                    runs[method].Add(await MeasureInChildAsync(method, size));
                }
            }

            var medians = runs.ToDictionary(m => m.Key, m => Measurement.Median(m.Value));
            foreach (var (method, m) in medians)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size:N0} | {method} | {m.Seconds:F2} | {m.PeakRss / 1e6:N0} | {m.Live / 1e6:N1} | {m.Allocated / 1e6:N0} |"));
            }

            var stream = medians[Methods[0]];
            var list = medians[Methods[1]];
            var floor = medians[Methods[2]];
            ratios.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"| {size:N0} | {list.Seconds / stream.Seconds:F2}x | {list.PeakRss / stream.PeakRss:F2}x | {(list.PeakRss - floor.PeakRss) / Math.Max(1, stream.PeakRss - floor.PeakRss):F1}x | {list.Live / stream.Live:F1}x | {stream.Live / size:F0} B | {list.Live / size:F0} B |"));
        }

        Console.WriteLine();
        Console.WriteLine("| reactions | time list/stream | peak RSS list/stream | peak RSS above the floor list/stream | live list/stream | live per reaction, stream | live per reaction, list |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        ratios.ForEach(Console.WriteLine);
    }

    /// <summary>One measurement, in this process (started by <see cref="MeasureInChildAsync"/>): prints seconds, peak RSS, live and allocated bytes.</summary>
    public static void Measure(string method, int size)
    {
        var model = ScoreModels.Get("2.0");
        var profile = CelebrityAudience.Profile;
        var asOf = CelebrityAudience.AsOf;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var baseLive = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var live = 0L;
        var reactions = 0;
        switch (method)
        {
            case "stream":
                var ledger = new ScoreLedger(model, profile, asOf, statuses: null);
                foreach (var interaction in CelebrityAudience.Reactions(size, Seed, model.Window))
                {
                    ledger.Add(interaction);
                }

                live = Live(watch, baseLive);
                reactions = ledger.Close(asOf).Result.Explanation.Reactions;
                GC.KeepAlive(ledger);
                break;
            case "list":
                var received = CelebrityAudience.Reactions(size, Seed, model.Window).ToList();
                live = Live(watch, baseLive);
                reactions = ListLedger.Build(model, profile, received, asOf, statuses: null).Close(profile, asOf, asOf).Result.Explanation.Reactions;
                GC.KeepAlive(received);
                break;
            case "read":
                foreach (var interaction in CelebrityAudience.Reactions(size, Seed, model.Window))
                {
                    reactions += interaction.ActorId.Length > 0 ? 1 : 0;
                }

                live = Live(watch, baseLive);
                break;
            default:
                throw new ArgumentException($"Unknown method {method}.", nameof(method));
        }

        var seconds = watch.Elapsed.TotalSeconds;
        if (reactions != size)
        {
            throw new InvalidOperationException($"{method}: {reactions} of {size} reactions counted.");
        }

        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds} {self.PeakWorkingSet64} {live} {allocated}"));
    }

    /// <summary>What the process holds once every reaction has been read, before the close (the timing paused for the collection).</summary>
    private static long Live(Stopwatch watch, long baseLive)
    {
        watch.Stop();
        var live = GC.GetTotalMemory(forceFullCollection: true) - baseLive;
        watch.Start();
        return live;
    }

    private static async Task<Measurement> MeasureInChildAsync(string method, int size)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "large-account-measure", method.Split(' ')[0], size.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The measurement process did not start.");
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"{method} at {size}: exit code {child.ExitCode}: {output}");
        }

        var parts = output.Trim().Split(' ');
        return new Measurement(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    private sealed record Measurement(double Seconds, double PeakRss, double Live, double Allocated)
    {
        public static Measurement Median(List<Measurement> runs)
        {
            static double Of(IEnumerable<double> values)
            {
                var sorted = values.Order().ToList();
                return sorted[sorted.Count / 2];
            }

            return new Measurement(Of(runs.Select(r => r.Seconds)), Of(runs.Select(r => r.PeakRss)), Of(runs.Select(r => r.Live)), Of(runs.Select(r => r.Allocated)));
        }
    }
}
