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
        var queue = new Option<bool>("--queue") { Description = "Go through the pull path and the score queue, as a live network does, instead of the bulk path (same rows, much slower)." };
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
            file, limit, queue,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file)!, parse.GetValue(limit), parse.GetValue(queue), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, int limit, bool queue, CancellationToken cancellationToken)
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

        if (!queue)
        {
            return await BulkAsync(app.Services.GetRequiredService<BulkReplay>(), source, extent, storage.IsTemporary, watch, cancellationToken);
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
        return Done(storage.IsTemporary);
    }

    /// <summary>The bulk path: a line when the file is in memory, a line per chunk, and the chunks' times at the end.</summary>
    private static async Task<int> BulkAsync(BulkReplay bulk, HiggsReplaySource source, DatasetExtent extent, bool temporary, Stopwatch watch, CancellationToken cancellationToken)
    {
        var chunks = new List<BulkReplayProgress>();
        bulk.Planned += plan => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Read {plan.Events:N0} events into memory in {plan.Read.TotalSeconds:F1} s; writing {plan.ToWrite:N0} of them in chunks, each scoring the profiles whose last reaction it holds."));
        bulk.ChunkStored += p =>
        {
            chunks.Add(p);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  chunk {chunks.Count}: events {p.Read - p.Events + 1:N0}-{p.Read:N0} of {extent.Lines:N0} ({Percent(p.Read, extent.Lines)}): stored {p.Stored:N0} interactions, {p.Enrolled:N0} new profiles, scored {p.Scored:N0} in {p.Took.TotalSeconds:F1} s, of which scoring {p.Scoring.TotalSeconds:F1} s ({p.Elapsed.TotalSeconds:F1} s so far)"));
        };
        var report = await bulk.RunAsync(source, cancellationToken);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Covered {extent.Lines:N0} of the file's {extent.FileLines:N0} events ({Percent(extent.Lines, extent.FileLines)}); this run wrote {report.Read:N0} events, stored {report.Stored:N0} interactions and {report.Enrolled:N0} profiles, scored {report.Scored + report.Settled:N0} profiles in {watch.Elapsed.TotalSeconds:F1} s."));
        var full = chunks.Where(c => c.Events >= chunks[0].Events).Select(c => c.Took.TotalSeconds / c.Events * 50_000).ToList();
        if (full.Count > 1)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Time per 50,000 events, chunk by chunk: {string.Join(", ", full.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} s (slowest / fastest: {full.Max() / full.Min():F2})."));
        }

        return Done(temporary);
    }

    private static int Done(bool temporary)
    {
        Console.WriteLine(temporary
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
