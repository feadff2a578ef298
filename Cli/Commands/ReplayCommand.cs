using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sway.Cli.Hosting;
using Sway.Ingestion;
using Sway.Storage;

namespace Sway.Cli.Commands;

/// <summary><c>sway replay</c>: ingest a dataset through the pull path, then drain the score queue through the score workers.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file") { Description = "A SNAP Higgs-format activity file (plain or .gz).", Required = true };
        var limit = new Option<int>("--limit") { Description = "Replay only the first N events (default: all)." };
        file.AcceptExistingOnly();
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--limit must be zero (everything) or a positive number of events.");
            }
        });
        var command = new Command("replay", "Replay a dataset into the configured storage (SwayStorage, the running local Azurite, or a temporary one) and score every profile it touches.")
        {
            file, limit,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file)!, parse.GetValue(limit), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, int limit, CancellationToken cancellationToken)
    {
        await using var storage = await StorageConnection.OpenAsync(startAzuriteIfNone: true, reuseRunningAzurite: true, cancellationToken);
        Console.WriteLine($"Storage: {storage.Description}.");
        var settings = new Dictionary<string, string?>
        {
            ["SwayStorage"] = storage.ConnectionString,
            ["Logging:LogLevel:Sway"] = "Warning",
        };
        await using var app = LocalHost.Build(settings, "http://127.0.0.1:0", timers: false, workers: false);
        await app.Services.GetRequiredService<SwayStorage>().EnsureCreatedAsync(cancellationToken);

        using var source = new HiggsReplaySource(file.FullName, limit);
        var puller = app.Services.GetRequiredService<ActivityPuller>();
        var watch = Stopwatch.StartNew();
        puller.BatchStored += p => Console.WriteLine($"  read {p.Read:N0} events, stored {p.Stored:N0}, {p.Profiles:N0} profiles to score ({watch.Elapsed.TotalSeconds:F1} s)");
        var pull = puller.PullAsync(source, cancellationToken);
        var scored = await app.Services.GetRequiredService<QueueWorker>().DrainWhileAsync(pull, cancellationToken);
        var report = await pull;
        Console.WriteLine($"Stored {report.Stored:N0} of {report.Read:N0} events and scored {report.Profiles:N0} profiles ({scored:N0} score requests) in {watch.Elapsed.TotalSeconds:F1} s.");
        Console.WriteLine(storage.IsTemporary
            ? "The temporary Azurite stops now; run 'sway serve --replay FILE' to keep the data and query it."
            : "Look a score up with: sway score higgs 88");
        return 0;
    }
}
