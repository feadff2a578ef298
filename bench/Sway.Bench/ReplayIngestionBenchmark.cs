using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Sway.Cli.Hosting;
using Sway.Ingestion;
using Sway.Storage;

namespace Sway.Bench;

/// <summary>
/// Replay ingestion against a raw writer. Sway: the bulk replay (<see cref="BulkReplay"/>) of the first N events of a
/// Higgs-format file, from reading the file to the last score, on a fresh Azurite in memory. Raw: every row that replay
/// stored (read back once it is done, every table) written again to another fresh Azurite, with the same keys, in the
/// best batching those keys allow: grouped by partition, 100 adds per transaction, the same parallelism. The raw
/// writer reads nothing, computes nothing and never waits on a read; the ratio is Sway's rate over its rate.
/// Repetitions alternate which goes first.
/// </summary>
internal static class ReplayIngestionBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string file, int events, int repetitions)
    {
        // A first, untimed replay gives the rows the raw writer writes (every replay of the file stores the same ones).
        var (_, rows) = await ReplayAsync(file, events);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events:N0} events: {rows.Count:N0} rows in {rows.Select(r => r["sway.table"]).Distinct().Count()} tables"));
        var sway = new List<double>();
        var raw = new List<double>();
        for (var r = 0; r < repetitions; r++)
        {
            double swaySeconds, rawSeconds;
            if (r % 2 == 0)
            {
                swaySeconds = (await ReplayAsync(file, events)).Seconds;
                rawSeconds = await WriteRawAsync(rows);
            }
            else
            {
                rawSeconds = await WriteRawAsync(rows);
                swaySeconds = (await ReplayAsync(file, events)).Seconds;
            }

            sway.Add(swaySeconds);
            raw.Add(rawSeconds);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"repetition {r + 1}: Sway {swaySeconds:F1} s ({events / swaySeconds:F0} events/s), raw {rawSeconds:F1} s ({events / rawSeconds:F0} events/s): {rawSeconds / swaySeconds:P0} of the raw writer's rate"));
        }

        var swayMedian = Median(sway);
        var rawMedian = Median(raw);
        Console.WriteLine();
        Console.WriteLine("| method | seconds (median) | events/s | min | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Sway's bulk replay | {swayMedian:F1} | {events / swayMedian:F0} | {sway.Min():F1} | {sway.Max():F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| raw writer, same rows | {rawMedian:F1} | {events / rawMedian:F0} | {raw.Min():F1} | {raw.Max():F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sway's rate is {rawMedian / swayMedian:P0} of the raw writer's (per repetition: {string.Join(", ", sway.Zip(raw, (s, w) => (w / s).ToString("P0", CultureInfo.InvariantCulture)))})."));
    }

    /// <summary>One bulk replay on a fresh Azurite; its time, and every row it stored.</summary>
    private static async Task<(double Seconds, List<TableEntity> Rows)> ReplayAsync(string file, int events)
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None, inMemory: true);
        await using var app = BenchHost.Build(azurite, Now);
        var storage = app.Services.GetRequiredService<SwayStorage>();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        using (var source = new HiggsReplaySource(file, events))
        {
            await app.Services.GetRequiredService<BulkReplay>().RunAsync(source, CancellationToken.None);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var rows = new List<TableEntity>();
        foreach (var name in StorageNames.Tables)
        {
            await foreach (var row in storage.Table(name).QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
            {
                row["sway.table"] = name;
                rows.Add(row);
            }
        }

        return (seconds, rows);
    }

    /// <summary>The same rows, written by table and partition in transactions of up to 100, on a fresh Azurite.</summary>
    private static async Task<double> WriteRawAsync(List<TableEntity> rows)
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None, inMemory: true);
        var service = new TableServiceClient(azurite.ConnectionString);
        var byTable = rows.GroupBy(r => (string)r["sway.table"]).ToDictionary(g => g.Key, g => g.Select(Copy).ToList());
        foreach (var name in byTable.Keys)
        {
            await service.GetTableClient(name).CreateIfNotExistsAsync();
        }

        var watch = Stopwatch.StartNew();
        foreach (var (name, entities) in byTable)
        {
            // Adds: every row is new here, and an add is Azurite's cheapest write (one lookup of the row, where an upsert makes two).
            await PartitionedWriter.UpsertAsync(service.GetTableClient(name), entities, new StorageOptions().WriteParallelism, CancellationToken.None, TableTransactionActionType.Add);
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (key, value) in row.Where(p => p.Key is not ("sway.table" or "odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")))
        {
            copy[key] = value;
        }

        return copy;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
