using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Sway.Cli.Hosting;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Bench;

/// <summary>
/// The storage transactions a nightly rescoring costs per profile, counted on the wire (every request the Table and
/// Queue clients send), through the local host's own shard and score workers. Beside it, in the same run and over the
/// same data, its floor: the requests scoring needs at the least (read the profile, one query page per 1,000
/// reactions received, one transaction for score and history row, and one send, receive and delete per
/// <see cref="ScoreRequest.MaxProfiles"/> profiles).
/// </summary>
internal static class NightlyCostBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int profiles, int seed)
    {
        await using var azurite = await AzuriteProcess.StartAsync(preferDefaultPorts: false, CancellationToken.None);
        var counter = new StorageTransactionCounter(new TableServiceClient(azurite.ConnectionString).Uri.Authority);
        await using var app = BenchHost.Build(azurite, Now, counter);
        await LocalHost.StartAsync(app, CancellationToken.None);
        var services = app.Services;

        // Heavy-tailed activity: reactions received per profile follow a Pareto law (alpha 1.2, at least 1), capped at 5,000.
        var random = new Random(seed);
        var reactions = Enumerable.Range(0, profiles).Select(_ => (int)Math.Min(5_000, Math.Floor(1 / Math.Pow(1 - random.NextDouble(), 1 / 1.2)))).ToArray();
        var people = Enumerable.Range(0, profiles)
            .Select(i => new Profile($"demo-n{i}", [new LinkedAccount("demo", $"n{i}", $"user_n{i}")], ProfileOrigin.Demo, Now.AddDays(-40)))
            .ToList();
        await services.GetRequiredService<ProfileStore>().SaveAsync(people, CancellationToken.None);
        var interactions = Enumerable.Range(0, profiles).SelectMany(i => Enumerable.Range(0, reactions[i]).Select(k =>
            new Interaction($"n{i}-{k}", "demo", $"n{random.Next(profiles)}", $"n{i}", (InteractionType)(k % 5), $"p{k % 7}", Now.AddHours(-1 - (k % 500)))));
        await services.GetRequiredService<InteractionStore>().WriteAsync([.. interactions], CancellationToken.None);
        Console.WriteLine($"{profiles:N0} profiles, {reactions.Sum():N0} reactions received (median {reactions.Order().ElementAt(profiles / 2)}, max {reactions.Max():N0})");

        counter.Reset();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await services.GetRequiredService<NightlyRescorer>().RunAsync(CancellationToken.None);
        var shards = services.GetRequiredKeyedService<QueueWorker>(StorageNames.RescoreShardsQueue).DrainAsync(CancellationToken.None);
        await services.GetRequiredService<QueueWorker>().DrainWhileAsync(shards, CancellationToken.None);
        var elapsed = watch.Elapsed;
        var workerCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu; // Sway's own process: Azurite runs in another

        var floor = new Dictionary<TransactionKind, double>
        {
            [TransactionKind.TableRead] = profiles + reactions.Sum(r => Math.Max(1, Math.Ceiling(r / 1000.0))),
            [TransactionKind.TableWrite] = profiles,
            [TransactionKind.QueueSend] = profiles / (double)ScoreRequest.MaxProfiles,
            [TransactionKind.QueueReceive] = profiles / (double)ScoreRequest.MaxProfiles / 16,
            [TransactionKind.QueueDelete] = profiles / (double)ScoreRequest.MaxProfiles,
            [TransactionKind.QueueUpdate] = 0,
            [TransactionKind.QueueOther] = 0,
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nightly run: {elapsed.TotalSeconds:F1} s, {profiles / elapsed.TotalSeconds:F0} profiles/s; Sway's CPU {workerCpu.TotalMilliseconds / profiles:F2} ms per profile"));
        Console.WriteLine();
        Console.WriteLine("| kind | requests | per profile (Sway) | per profile (floor) | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var kind in Enum.GetValues<TransactionKind>())
        {
            var per = counter[kind] / (double)profiles;
            var min = floor[kind] / profiles;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {counter[kind]:N0} | {per:F3} | {min:F3} | {(min > 0 ? (per / min).ToString("F2", CultureInfo.InvariantCulture) : "-")} |"));
        }

        var total = Enum.GetValues<TransactionKind>().Sum(k => counter[k]);
        var totalFloor = floor.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all | {total:N0} | {total / (double)profiles:F3} | {totalFloor / profiles:F3} | {total / totalFloor:F2} |"));
    }
}
