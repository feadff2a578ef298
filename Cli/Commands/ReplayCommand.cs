using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sway.Cli.Hosting;
using Sway.Ingestion;
using Sway.Storage;

namespace Sway.Cli.Commands;

/// <summary>
/// <c>sway replay</c>: ingest a dataset through the pull path, from its stored cursor to its end (or <c>--limit</c>),
/// and score every profile of it through the score workers, as of the dataset's last event. Run again after an
/// interruption, it resumes where the stored cursor says and ends with what one uninterrupted run stores.
/// </summary>
internal static class ReplayCommand
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var file = new Option<FileInfo>("--file") { Description = "A SNAP Higgs-format activity file (plain or .gz).", Required = true };
        var limit = new Option<int>("--limit") { Description = "Replay only the first N events of the file (default: all)." };
        file.AcceptExistingOnly();
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--limit must be zero (everything) or a positive number of events.");
            }
        });
        var command = new Command("replay", "Replay a dataset into the configured storage (SwayStorage, the running local Azurite, or a temporary one) and score every profile it touches. Run again after an interruption, it resumes.")
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
        var retry = app.Services.GetRequiredService<StorageRetry>();
        await retry.RunAsync("create the tables and queues", app.Services.GetRequiredService<SwayStorage>().EnsureCreatedAsync, cancellationToken);

        var watch = Stopwatch.StartNew();
        using var source = new HiggsReplaySource(file.FullName, limit);
        var extent = (await source.MeasureAsync(cancellationToken))!;
        var cursor = await retry.RunAsync("read the replay's cursor", ct => app.Services.GetRequiredService<CursorStore>().GetCursorAsync(source.Name, ct), cancellationToken);
        var resumedAt = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{file.Name}: {extent.FileLines:N0} events; replaying {(extent.Lines == extent.FileLines ? "all of them" : $"the first {extent.Lines:N0}")}, scored as of the last one ({extent.End:u})."));
        if (resumedAt > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Resuming after event {resumedAt:N0}, where the stored cursor says an earlier run stopped."));
        }

        var puller = app.Services.GetRequiredService<ActivityPuller>();
        puller.BatchStored += p => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  read {source.Position:N0} of {extent.Lines:N0} events ({Percent(source.Position, extent.Lines)}), stored {p.Stored:N0} in this run ({watch.Elapsed.TotalSeconds:F1} s)"));
        var worker = app.Services.GetRequiredService<QueueWorker>();
        var pull = puller.PullAsync(source, long.MaxValue, cancellationToken);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = ReportScoringAsync(worker, pull, watch, done.Token);
        int handled;
        try
        {
            handled = await worker.DrainWhileAsync(pull, cancellationToken);
        }
        finally
        {
            await done.CancelAsync();
            await progress;
        }

        var report = await pull;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Covered {extent.Lines:N0} of the file's {extent.FileLines:N0} events ({Percent(extent.Lines, extent.FileLines)}); this run read {report.Read:N0}, stored {report.Stored:N0} interactions, asked for {report.Profiles:N0} profiles and handled {handled:N0} score requests in {watch.Elapsed.TotalSeconds:F1} s."));
        Console.WriteLine(storage.IsTemporary
            ? "The temporary Azurite stops now; run 'sway serve --replay FILE' to keep the data and query it."
            : "Look a score up with: sway score higgs 88");
        return 0;
    }

    /// <summary>Once the events are stored, prints how many score requests were handled, every two seconds.</summary>
    private static async Task ReportScoringAsync(QueueWorker worker, Task pull, Stopwatch watch, CancellationToken done)
    {
        using var timer = new PeriodicTimer(ProgressInterval, TimeProvider.System);
        var last = -1L;
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                if (pull.IsCompleted && worker.Handled != last)
                {
                    last = worker.Handled;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  scoring: {last:N0} score requests handled ({watch.Elapsed.TotalSeconds:F1} s)"));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the drain is over
        }
    }

    private static string Percent(long part, long whole) =>
        whole == 0 ? "100 %" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:F1} %");
}
