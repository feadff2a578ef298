using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sway.Cli.Hosting;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Bench;

/// <summary>
/// The HTTP score lookups under load, side by side with the raw storage read they rest on, in one run over one Azurite:
/// the local host (as <c>sway serve</c> builds it) over <c>profiles</c> scored profiles, driven by autocannon
/// (<c>lookup-load.mjs</c>) at a fixed concurrency for a fixed time per case, by handle and by profile id, on one key
/// (hot) and on every profile's key in a shuffled rotation (cold); beside each, a loop of raw point reads of the score's
/// current row (<see cref="TableClient.GetEntityAsync{T}"/>) from as many concurrent callers for as long, on the same keys.
/// </summary>
internal static class LookupLoadBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int profiles, int connections, int seconds)
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None);
        var counter = new StorageTransactionCounter(new TableServiceClient(azurite.ConnectionString).Uri.Authority);
        await using var app = BenchHost.Build(azurite, Now, counter);
        await LocalHost.StartAsync(app, CancellationToken.None);
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var ids = await SeedAsync(app.Services, profiles);

        var random = new Random(16);
        var cold = ids.ToArray();
        random.Shuffle(cold);
        var hot = ids[ids.Count / 2];
        var raw = new TableServiceClient(azurite.ConnectionString).GetTableClient(app.Services.GetRequiredService<SwayStorage>().Scores.Name);
        var cases = new (string Name, string Keys, string[] Ids, Func<string, string>? Path)[]
        {
            ("raw point read", "hot", [hot], null),
            ("lookup by handle", "hot", [hot], id => $"/api/scores/bluesky/{Handle(id)}"),
            ("lookup by profile", "hot", [hot], id => $"/api/profiles/{id}/score"),
            ("raw point read", "cold", cold, null),
            ("lookup by handle", "cold", cold, id => $"/api/scores/bluesky/{Handle(id)}"),
            ("lookup by profile", "cold", cold, id => $"/api/profiles/{id}/score"),
        };

        await LoadAsync(baseUrl, [.. cold.Select(id => $"/api/scores/bluesky/{Handle(id)}")], connections, 3); // warm-up, not reported
        await RawAsync(raw, cold, connections, 3);
        var results = new List<(string Name, string Keys, Measured Result, double ReadsPerRequest)>();
        foreach (var (name, keys, keyIds, path) in cases)
        {
            counter.Reset();
            var measured = path is null
                ? await RawAsync(raw, keyIds, connections, seconds)
                : await LoadAsync(baseUrl, [.. keyIds.Select(path)], connections, seconds);
            var reads = path is null ? 1 : counter[TransactionKind.TableRead] / (double)Math.Max(1, measured.Requests);
            results.Add((name, keys, measured, reads));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} ({keys}): {measured.Requests:N0} requests, {measured.PerSecond:F0}/s, p50 {measured.P50:F2} ms, p99 {measured.P99:F2} ms, {reads:F2} table reads per request{(measured.Failed > 0 ? $", {measured.Failed} failed" : "")}"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{profiles:N0} scored profiles, {connections} concurrent connections, {seconds} s per case"));
        Console.WriteLine();
        Console.WriteLine("| case | keys | requests/s | p50 (ms) | p99 (ms) | table reads per request | p99 ÷ raw p99 |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (name, keys, measured, reads) in results)
        {
            var baseline = results.Single(r => r.Name == "raw point read" && r.Keys == keys).Result.P99;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {keys} | {measured.PerSecond:F0} | {measured.P50:F2} | {measured.P99:F2} | {reads:F2} | {measured.P99 / baseline:F2} |"));
        }
    }

    private static string Handle(string profileId) => $"{profileId}.example.com";

    /// <summary>Scored profiles of one Bluesky account each, with reactions received, scored by the product's scorer.</summary>
    private static async Task<List<string>> SeedAsync(IServiceProvider services, int profiles)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(2014);
        var people = Enumerable.Range(0, profiles)
            .Select(i => new Profile($"bench-{i}", [new LinkedAccount("bluesky", $"did:plc:bench{i}", Handle($"bench-{i}"))], ProfileOrigin.Linked, Now.AddDays(-40)))
            .ToList();
        await services.GetRequiredService<ProfileStore>().SaveAsync(people, CancellationToken.None);
        var interactions = Enumerable.Range(0, profiles).SelectMany(i => Enumerable.Range(0, 1 + random.Next(12)).Select(k =>
            new Interaction($"b{i}-{k}", "bluesky", $"did:plc:bench{random.Next(profiles)}", $"did:plc:bench{i}", (InteractionType)(k % 5), $"p{k % 3}", Now.AddHours(-1 - k))));
        await services.GetRequiredService<InteractionStore>().WriteAsync([.. interactions], CancellationToken.None);
        var scorer = services.GetRequiredService<ProfileScorer>();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) => await scorer.ScoreAsync(p.Id, nightly: false, ct));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded and scored {profiles:N0} profiles in {watch.Elapsed.TotalSeconds:F1} s"));
        return [.. people.Select(p => p.Id)];
    }

    /// <summary>One autocannon run (a separate node process) over these paths.</summary>
    private static async Task<Measured> LoadAsync(string baseUrl, IReadOnlyList<string> paths, int connections, int seconds)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, paths);
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "lookup-load.mjs");
            var start = new ProcessStartInfo("node", [script, baseUrl, file, connections.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryRoot(),
            };
            start.Environment["NODE_PATH"] = Path.Combine(RepositoryRoot(), "node_modules");
            using var node = Process.Start(start)!;
            var output = await node.StandardOutput.ReadToEndAsync();
            var error = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            if (node.ExitCode != 0)
            {
                throw new InvalidOperationException($"autocannon failed ({node.ExitCode}): {error}");
            }

            var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
            var failed = json.GetProperty("non2xx").GetInt64() + json.GetProperty("errors").GetInt64() + json.GetProperty("timeouts").GetInt64();
            return new Measured(json.GetProperty("requests").GetInt64(), json.GetProperty("rps").GetDouble(), json.GetProperty("p50").GetDouble(), json.GetProperty("p99").GetDouble(), failed);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Raw point reads of the current score rows of these profiles, from <paramref name="connections"/> concurrent loops.</summary>
    private static async Task<Measured> RawAsync(TableClient scores, string[] ids, int connections, int seconds)
    {
        var next = -1;
        var until = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        var latencies = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var id = ids[(int)((uint)Interlocked.Increment(ref next) % ids.Length)];
                var started = Stopwatch.GetTimestamp();
                await scores.GetEntityAsync<TableEntity>(id, "current");
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return mine;
        }));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Measured(all.Count, all.Count / (double)seconds, Percentile(all, 0.50), Percentile(all, 0.99), 0);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sway.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Sway.slnx) was not found above the benchmark.");
    }

    private sealed record Measured(long Requests, double PerSecond, double P50, double P99, long Failed);
}
