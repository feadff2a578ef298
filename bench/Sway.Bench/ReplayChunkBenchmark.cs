using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Sway.Cli.Hosting;
using Sway.Ingestion;
using Sway.Storage;

namespace Sway.Bench;

/// <summary>
/// Where a full bulk replay's time per chunk goes: for each chunk of <see cref="ReplaySourceOptions.ChunkEvents"/>
/// events, its time, how much of it was scoring, and the table requests it sent (counted on the wire), so that the
/// time per request shows whether a request costs more as the tables grow, apart from how much work the data gives
/// each chunk (a chunk that completes more profiles, or reaches more receivers, sends more requests).
/// </summary>
internal static class ReplayChunkBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <param name="file">A Higgs-format file.</param>
    /// <param name="events">The first N events of it; 0 for all.</param>
    public static async Task RunAsync(string file, int events)
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None, inMemory: true);
        var counter = new StorageTransactionCounter(new TableServiceClient(azurite.ConnectionString).Uri.Authority);
        await using var app = BenchHost.Build(azurite, Now, counter);
        await app.Services.GetRequiredService<SwayStorage>().EnsureCreatedAsync(CancellationToken.None);
        var bulk = app.Services.GetRequiredService<BulkReplay>();
        var rows = new List<string>();
        long last = 0;
        bulk.ChunkStored += p =>
        {
            var requests = counter[TransactionKind.TableRead] + counter[TransactionKind.TableWrite];
            var chunk = requests - last;
            last = requests;
            rows.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"| {rows.Count + 1} | {p.Events:N0} | {p.Took.TotalSeconds:F1} | {p.Scoring.TotalSeconds:F1} | {p.Enrolled:N0} | {p.Scored:N0} | {chunk:N0} | {p.Took.TotalMilliseconds / chunk:F2} |"));
            Console.WriteLine(rows[^1]);
        };
        using var source = new HiggsReplaySource(file, events);
        var report = await bulk.RunAsync(source, CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Read:N0} events, {report.Stored:N0} interactions, {report.Enrolled:N0} profiles"));
        Console.WriteLine("| chunk | events | seconds | of which scoring | new profiles | profiles scored | table requests | ms per request |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
    }
}
