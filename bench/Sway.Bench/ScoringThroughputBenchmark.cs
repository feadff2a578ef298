using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sway.Cli.Hosting;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Bench;

/// <summary>
/// Scoring throughput on Azurite, side by side in one run with its floor: the raw storage operations one scoring
/// needs, issued straight through a <see cref="TableClient"/> with no scoring logic. Both score the same profiles,
/// seeded from the demo population through the real stores, with the score worker's parallelism (16 messages of up
/// to <see cref="ScoreRequest.MaxProfiles"/> profiles in flight, 4 profiles of a message at once).
/// </summary>
internal static class ScoringThroughputBenchmark
{
    private const int MessagesInFlight = 16; // host.json batchSize; the worker keeps 9 to 24 in flight (newBatchThreshold 8)
    private const int ProfilesAtOnce = 4; // ProfileScorer's, per message
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int profileCount, int events, int repetitions)
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None);
        var counter = new StorageTransactionCounter(new TableServiceClient(azurite.ConnectionString).Uri.Authority);
        await using var app = BenchHost.Build(azurite, Now, counter);
        await LocalHost.StartAsync(app, CancellationToken.None);
        var services = app.Services;
        var seeded = await SeedAsync(services, profileCount, events);
        var ids = seeded.Select(p => p.Id).ToList();

        // The raw side's own client, with the same counter, on the same tables.
        var rawOptions = new TableClientOptions();
        rawOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var storage = services.GetRequiredService<SwayStorage>();
        var rawTables = new TableServiceClient(azurite.ConnectionString, rawOptions);
        var raw = new RawScoring(
            rawTables.GetTableClient(storage.Scores.Name),
            rawTables.GetTableClient(storage.Profiles.Name),
            partition => rawTables.GetTableClient(storage.Interactions.Of(partition).Name),
            services.GetRequiredService<ScoreModel>().Window);

        // One untimed pass of each first: the JIT, the standings and subscriptions caches, and every profile's first
        // score row (an insert; every timed pass then replaces it, on both sides). The raw side then writes back the
        // very rows Sway stored (same keys, same sizes).
        var scorer = services.GetRequiredService<ProfileScorer>();
        await SwayPassAsync(scorer, ids);
        await raw.CaptureRowsAsync(ids);
        await RawPassAsync(raw, seeded);

        var sway = new List<Pass>();
        var baseline = new List<Pass>();
        var azuriteCpu = new ChildProcessCpu("node");
        Console.WriteLine($"load average before the timed passes: {LoadAverage()}");
        Console.WriteLine($"{repetitions} repetitions, alternating; parallelism: {MessagesInFlight} batches of up to {ScoreRequest.MaxProfiles} in flight, {ProfilesAtOnce} profiles of each at once");
        for (var r = 0; r < repetitions; r++)
        {
            foreach (var isSway in r % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var pass = await MeasureAsync(counter, azuriteCpu, ids.Count, isSway ? () => SwayPassAsync(scorer, ids) : () => RawPassAsync(raw, seeded));
                (isSway ? sway : baseline).Add(pass);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  repetition {r + 1}, {(isSway ? "Sway" : "raw ")}: {pass.Seconds:F2} s, {ids.Count / pass.Seconds:F0} profiles/s; CPU per profile: bench {pass.BenchCpu.TotalMilliseconds / ids.Count:F2} ms, Azurite {pass.AzuriteCpu.TotalMilliseconds / ids.Count:F2} ms"));
            }
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
        var evaluation = await TimeEvaluationAsync(services, seeded);

        Console.WriteLine();
        Console.WriteLine("| method | profiles/s (median) | min | max | table requests per profile | bench CPU ms per profile | Azurite CPU ms per profile |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Row("Sway (`ProfileScorer`)", sway, ids.Count);
        Row("raw reads and writes (baseline)", baseline, ids.Count);
        var ratios = sway.Zip(baseline, (s, b) => b.Seconds / s.Seconds).Order().ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Sway / raw (profiles/s), per repetition: {string.Join(", ", sway.Zip(baseline, (s, b) => (b.Seconds / s.Seconds).ToString("F2", CultureInfo.InvariantCulture)))}; median {Median(ratios):F2}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"model evaluation alone (one thread, median of 5 passes over the {ids.Count:N0} profiles' received reactions, already in memory): {evaluation.Evaluate:F3} ms per profile; explanation to JSON {evaluation.Serialize:F3} ms"));
    }

    private static void Row(string method, List<Pass> passes, int profiles)
    {
        var rates = passes.Select(p => profiles / p.Seconds).Order().ToList();
        var requests = Median([.. passes.Select(p => p.TableRequests / (double)profiles)]);
        var benchCpu = Median([.. passes.Select(p => p.BenchCpu.TotalMilliseconds / profiles)]);
        var azuriteCpu = Median([.. passes.Select(p => p.AzuriteCpu.TotalMilliseconds / profiles)]);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {method} | {Median(rates):N0} | {rates[0]:N0} | {rates[^1]:N0} | {requests:F3} | {benchCpu:F2} | {azuriteCpu:F2} |"));
    }

    /// <summary>The machine's 1, 5 and 15-minute load averages (it is shared: other work changes the rates).</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<Pass> MeasureAsync(StorageTransactionCounter counter, ChildProcessCpu azurite, int profiles, Func<Task> pass)
    {
        counter.Reset();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteCpu = azurite.Total;
        var watch = Stopwatch.StartNew();
        await pass();
        var seconds = watch.Elapsed.TotalSeconds;
        return new Pass(
            seconds,
            counter[TransactionKind.TableRead] + counter[TransactionKind.TableWrite],
            Process.GetCurrentProcess().TotalProcessorTime - cpu,
            azurite.Total - azuriteCpu);
    }

    /// <summary>What the score worker does with the same profiles: messages of <see cref="ScoreRequest.MaxProfiles"/> ids, 16 in flight, each handled by the scorer.</summary>
    private static Task SwayPassAsync(ProfileScorer scorer, IReadOnlyList<string> ids) =>
        Parallel.ForEachAsync(
            ids.Chunk(ScoreRequest.MaxProfiles),
            new ParallelOptions { MaxDegreeOfParallelism = MessagesInFlight },
            async (batch, ct) => await scorer.HandleAsync(new ScoreRequest(batch, ScoreRequestReason.Activity).ToJson(), ct));

    /// <summary>The same schedule, each profile's raw storage operations in place of a scoring.</summary>
    private static Task RawPassAsync(RawScoring raw, IReadOnlyList<Profile> profiles) =>
        Parallel.ForEachAsync(
            profiles.Chunk(ScoreRequest.MaxProfiles),
            new ParallelOptions { MaxDegreeOfParallelism = MessagesInFlight },
            async (batch, ct) => await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = ProfilesAtOnce, CancellationToken = ct }, raw.ScoreAsync));

    /// <summary>
    /// The demo population (Pareto audiences, bots among them) reacting once a minute over the last days, stored as a
    /// pull stores it (self-reactions dropped) through <see cref="InteractionStore"/>; one demo profile per account,
    /// so some received nothing, through <see cref="ProfileStore"/>.
    /// </summary>
    private static async Task<IReadOnlyList<Profile>> SeedAsync(IServiceProvider services, int profileCount, int events)
    {
        var clock = new FixedClock(Now);
        var source = new SyntheticActivitySource(
            Options.Create(new IngestionOptions { Demo = new DemoSourceOptions { Accounts = profileCount, ReactionsPerMinute = 1, BackfillDays = (int)Math.Ceiling(events / 1440.0) } }),
            clock);
        var batch = await source.ReadAsync(null, events, CancellationToken.None);
        var interactions = batch.Interactions.Where(i => i.ActorId != i.TargetId).ToList();
        var profiles = Enumerable.Range(0, profileCount)
            .Select(i => source.Describe(SyntheticPopulation.AccountId(i)))
            .Select(a => new Profile(ProfileId.ForAccount(a.Network, a.AccountId), [a], ProfileOrigin.Demo, Now.AddDays(-40)))
            .ToList();
        var watch = Stopwatch.StartNew();
        await services.GetRequiredService<ProfileStore>().SaveAsync(profiles, CancellationToken.None);
        await services.GetRequiredService<InteractionStore>().WriteAsync(interactions, CancellationToken.None);
        var received = interactions.CountBy(i => i.TargetId).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var counts = profiles.Select(p => received.GetValueOrDefault(p.Accounts[0].AccountId)).Order().ToList();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"seeded in {watch.Elapsed.TotalSeconds:F1} s: {profileCount:N0} profiles, {interactions.Count:N0} reactions received over {(Now - interactions.Min(i => i.OccurredAt)).TotalDays:F1} days; per profile: none {counts.Count(c => c == 0):N0}, median {counts[counts.Count / 2]}, p90 {counts[counts.Count * 9 / 10]}, p99 {counts[counts.Count * 99 / 100]}, max {counts[^1]:N0}"));
        return profiles;
    }

    /// <summary>
    /// The CPU work of a scoring outside storage: the model's evaluation of each profile's received reactions (read
    /// beforehand, untimed) against the current standings, and its explanation turned into the JSON stored with it.
    /// </summary>
    private static async Task<(double Evaluate, double Serialize)> TimeEvaluationAsync(IServiceProvider services, IReadOnlyList<Profile> profiles)
    {
        var model = services.GetRequiredService<ScoreModel>();
        var interactions = services.GetRequiredService<InteractionStore>();
        var standings = await services.GetRequiredService<StandingStore>().CurrentAsync(CancellationToken.None);
        var inputs = new List<(Profile Profile, List<Interaction> Received)>();
        foreach (var profile in profiles)
        {
            var account = profile.Accounts[0];
            var received = new List<Interaction>();
            await foreach (var interaction in interactions.ReadReceivedAsync(account.Network, account.AccountId, Now - model.Window, Now, CancellationToken.None))
            {
                received.Add(interaction);
            }

            inputs.Add((profile, received));
        }

        var evaluate = new List<double>();
        var serialize = new List<double>();
        var results = new ScoreResult[inputs.Count];
        for (var pass = 0; pass < 6; pass++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < inputs.Count; i++)
            {
                results[i] = model.Evaluate(inputs[i].Profile, inputs[i].Received, Now, Now, standings).Result;
            }

            var evaluated = watch.Elapsed.TotalMilliseconds;
            var length = 0L;
            watch.Restart();
            foreach (var result in results)
            {
                length += System.Text.Json.JsonSerializer.Serialize(result.Explanation, SwayJson.Options).Length;
            }

            if (pass > 0)
            {
                evaluate.Add(evaluated / inputs.Count);
                serialize.Add(watch.Elapsed.TotalMilliseconds / inputs.Count);
            }

            GC.KeepAlive(length);
        }

        return (Median(evaluate), Median(serialize));
    }

    private sealed record Pass(double Seconds, long TableRequests, TimeSpan BenchCpu, TimeSpan AzuriteCpu);

    /// <summary>
    /// The storage operations of one scoring on new activity, as <see cref="ProfileScorer.ScoreAsync"/> issues them,
    /// with nothing in between: the score row's version (the condition of the write), the profile row, the range
    /// query of the account's reactions received in the model's window (every page read to the end), and the one
    /// transaction of the current score and its day's history row, conditional on the version read.
    /// </summary>
    private sealed class RawScoring(TableClient scores, TableClient profiles, Func<string, TableClient> interactions, TimeSpan window)
    {
        private readonly Dictionary<string, (TableEntity Current, TableEntity Day)> _rows = new(StringComparer.Ordinal);

        /// <summary>Reads the rows Sway stored for each profile (untimed), to write the same back.</summary>
        public async Task CaptureRowsAsync(IEnumerable<string> ids)
        {
            foreach (var id in ids)
            {
                TableEntity? current = null, day = null;
                await foreach (var stored in scores.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")))
                {
                    // Its properties only, as ScoreStore writes them (no Timestamp or ETag carried along).
                    var row = new TableEntity(stored.PartitionKey, stored.RowKey);
                    foreach (var (key, value) in stored.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
                    {
                        row[key] = value;
                    }

                    if (row.RowKey == "current")
                    {
                        current = row;
                    }
                    else
                    {
                        day = row;
                    }
                }

                _rows[id] = (current ?? throw new InvalidOperationException($"{id} has no score row."), day ?? throw new InvalidOperationException($"{id} has no history row."));
            }
        }

        public async ValueTask ScoreAsync(Profile profile, CancellationToken cancellationToken)
        {
            var version = await scores.GetEntityIfExistsAsync<TableEntity>(profile.Id, "current", ["Score"], cancellationToken);
            var row = await profiles.GetEntityIfExistsAsync<TableEntity>(ProfileStore.ShardOf(profile.Id), profile.Id, cancellationToken: cancellationToken);
            if (!version.HasValue || !row.HasValue)
            {
                throw new InvalidOperationException($"{profile.Id} has no score or profile row.");
            }

            var account = profile.Accounts[0];
            var partition = InteractionStore.PartitionOf(account.Network, account.AccountId);
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {InteractionStore.InvertedTicks(Now)} and RowKey lt {InteractionStore.InvertedTicks(Now - window)}");
            await foreach (var _ in interactions(partition).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
            }

            var (current, day) = _rows[profile.Id];
            await scores.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.UpdateReplace, current, version.Value!.ETag), new TableTransactionAction(TableTransactionActionType.UpsertReplace, day)],
                cancellationToken);
        }
    }
}
