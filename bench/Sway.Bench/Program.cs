using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Sway.Bench;
using Sway.Cli.Hosting;
using Sway.Ingestion;
using Sway.Storage;

// Benchmarks on Azurite, each side by side with its baseline in one run.
// Usage: dotnet run --project bench/Sway.Bench -c Release -- [writes] [events] [repetitions]
//        dotnet run --project bench/Sway.Bench -c Release -- webhooks [events] [repetitions] [profiles]
//        dotnet run --project bench/Sway.Bench -c Release -- engine [file] [repetitions]
//        dotnet run --project bench/Sway.Bench -c Release -- nightly [profiles] [seed]
//        dotnet run --project bench/Sway.Bench -c Release -- scoring [profiles] [events] [repetitions]
//        dotnet run --project bench/Sway.Bench -c Release -- large-account [repetitions] [sizes, comma-separated]
//        dotnet run --project bench/Sway.Bench -c Release -- lookup [profiles] [connections] [seconds]
//        dotnet run --project bench/Sway.Bench -c Release -- replay [file] [events] [repetitions]
//        dotnet run --project bench/Sway.Bench -c Release -- replay-chunks [file] [events]
if (args.Length > 0 && args[0] == "replay-chunks")
{
    await ReplayChunkBenchmark.RunAsync(
        args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "higgs-twitter", "higgs-activity_time.txt.gz"),
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0);
    return;
}

if (args.Length > 0 && args[0] == "replay")
{
    await ReplayIngestionBenchmark.RunAsync(
        args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data", "higgs-twitter", "higgs-activity_time.txt.gz"),
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50_000,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Length > 0 && args[0] == "lookup")
{
    await LookupLoadBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30);
    return;
}

if (args.Length > 0 && args[0] == "scoring")
{
    await ScoringThroughputBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 7);
    return;
}

if (args.Length > 0 && args[0] == "large-account")
{
    await LargeAccountBenchmark.RunAsync(
        args.Length > 2 ? [.. args[2].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : [10_000, 100_000, 1_000_000],
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Length > 0 && args[0] == "large-account-measure")
{
    // One measurement in a process of its own (started by the large-account benchmark).
    LargeAccountBenchmark.Measure(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return;
}

if (args.Length > 0 && args[0] == "nightly")
{
    await NightlyCostBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2014);
    return;
}

if (args.Length > 0 && args[0] == "engine")
{
    await EngineBenchmark.RunAsync(
        args.Length > 1 ? args[1] : EngineBenchmark.DefaultFile,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
    return;
}

if (args.Length > 0 && args[0] == "webhooks")
{
    await WebhookDeliveryBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200);
    return;
}

// Interaction writes: Sway's PartitionedWriter (transactions of up to 100 entities, one partition each) against the
// baseline of one upsert per entity, same entities, same parallelism.
args = args.Length > 0 && args[0] == "writes" ? args[1..] : args;
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var repetitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int Parallelism = 8;

// Realistic shape: the demo population's reactions (heavy-tailed audiences), so partitions vary in size as in life.
var clock = new FixedClock(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
var source = new SyntheticActivitySource(
    Microsoft.Extensions.Options.Options.Create(new IngestionOptions { Demo = new DemoSourceOptions { Accounts = 2_000, ReactionsPerMinute = 100, BackfillDays = 30 } }),
    clock);
var batch = await source.ReadAsync(null, events, CancellationToken.None);
var entities = batch.Interactions.Where(i => i.ActorId != i.TargetId).Select(InteractionStore.ToEntity).ToList();
var partitions = entities.Select(e => e.PartitionKey).Distinct().Count();
Console.WriteLine($"{entities.Count:N0} interactions in {partitions:N0} partitions; {repetitions} repetitions each; parallelism {Parallelism}");

await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None);
var service = new TableServiceClient(azurite.ConnectionString);
var results = new Dictionary<string, List<double>> { ["transactions (Sway)"] = [], ["single upserts (baseline)"] = [] };
for (var r = 0; r < repetitions; r++)
{
    // Alternate which method goes first: Azurite slows down a little as its database grows.
    foreach (var method in r % 2 == 0 ? results.Keys.ToList() : results.Keys.Reverse().ToList())
    {
        var table = service.GetTableClient($"bench{r}{(method.StartsWith('t') ? "tx" : "single")}");
        await table.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        if (method.StartsWith('t'))
        {
            await PartitionedWriter.UpsertAsync(table, entities, Parallelism, CancellationToken.None);
        }
        else
        {
            await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (e, ct) => await table.UpsertEntityAsync(e, TableUpdateMode.Replace, ct));
        }

        results[method].Add(entities.Count / watch.Elapsed.TotalSeconds);
    }
}

Console.WriteLine();
Console.WriteLine("| method | entities/s (median) | min | max |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (method, rates) in results)
{
    var sorted = rates.Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {method} | {sorted[sorted.Count / 2]:N0} | {sorted[0]:N0} | {sorted[^1]:N0} |"));
}

/// <summary>A clock that stays put, so the generated activity is the same in every run.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
