using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Sway.Storage;
using Sway.Tests.Cli;

namespace Sway.Tests.Reliability;

/// <summary>
/// <c>sway replay</c> killed with SIGKILL (no shutdown code runs: no flush, no lease released, no cursor saved on the
/// way out) and then run again with the same settings ends with exactly the rows of one uninterrupted replay, and
/// with its queues empty. The program runs as a child process, as a user runs it, against the shared Azurite.
/// </summary>
public sealed partial class CrashRecoveryTests(AzuriteFixture azurite)
{
    public enum KillPoint
    {
        /// <summary>Right after the first page was stored and its cursor saved.</summary>
        AfterTheFirstPage,

        /// <summary>A seeded, random few hundred milliseconds after a later page: inside the next page's work.</summary>
        InsideALaterPage,

        /// <summary>After every event is stored, while the score workers drain the queue.</summary>
        WhileScoring,
    }

    private const int Events = 2_000;
    private const int PageSize = 250;
    private const string Current = "RowKey eq 'current'";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim CleanGate = new(1, 1);
    private static List<string>? _cleanRows;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(KillPoint.AfterTheFirstPage)]
    [InlineData(KillPoint.InsideALaterPage)]
    [InlineData(KillPoint.WhileScoring)]
    public async Task A_replay_killed_with_SIGKILL_and_run_again_resumes_and_ends_with_exactly_the_rows_of_an_uninterrupted_replay(KillPoint when)
    {
        var clean = await CleanRowsAsync();
        using var fixture = ReplayFixture.Write(Events);
        var prefix = SwayTestHost.NewPrefix();

        string killedOutput;
        string moment;
        await using (var killed = SwayProcess.Start(Settings(prefix), "replay", "--file", fixture.Path, "--queue"))
        {
            moment = await WaitForKillPointAsync(killed, prefix, when);
            killed.Kill();
            var code = await killed.WaitForExitAsync(TimeSpan.FromSeconds(30));
            killedOutput = killed.Output;
            Assert.True(code == 137, $"The replay was not killed while it ran (exit code {code}).{Describe(killed)}");
            Assert.DoesNotContain("Covered ", killedOutput, StringComparison.Ordinal);
        }

        var scoredWhenKilled = await TableSnapshot.CountAsync(new TableClient(azurite.ConnectionString, prefix + StorageNames.ScoresTable), Current);
        if (when == KillPoint.WhileScoring)
        {
            Assert.InRange(scoredWhenKilled, 1, clean.Count(IsCurrentScore) - 1);
        }

        var rerun = await RunToCompletionAsync(prefix, fixture, queue: true);

        // Each progress line is printed after its page's cursor was saved: the rerun starts at least that far on.
        var reported = Progress().Matches(killedOutput).Select(m => Number(m.Groups["read"].Value)).DefaultIfEmpty(0).Max();
        if (reported > 0)
        {
            var resumed = Resumed().Match(rerun);
            Assert.True(resumed.Success, $"The rerun did not say it resumed, though the killed run had stored {reported} events.{Environment.NewLine}{rerun}");
            var after = Number(resumed.Groups["after"].Value);
            Assert.InRange(after, reported, Events);
            Assert.True(after % PageSize == 0 || after == Events, $"The cursor {after} is not at the end of a page.");
        }

        var (rows, queued, poisoned) = await StoredAsync(prefix);
        AssertSameRows(clean, rows);
        Assert.Equal(0, queued);
        Assert.Equal(0, poisoned);
        var resumedAt = Resumed().Match(rerun) is { Success: true } r ? r.Value : "started over";
        TestContext.Current.SendDiagnosticMessage(
            $"{when}: killed {moment} (last progress: {reported} events), with {scoredWhenKilled} of {clean.Count(IsCurrentScore)} scores stored; rerun: {resumedAt}; {rows.Count} rows, as the clean run's.");
    }

    [Fact]
    public async Task A_bulk_replay_killed_with_SIGKILL_inside_a_chunk_and_run_again_ends_with_the_rows_of_an_uninterrupted_replay_through_the_queue()
    {
        var clean = await CleanRowsAsync();
        using var fixture = ReplayFixture.Write(Events);
        var prefix = SwayTestHost.NewPrefix();
        var settings = Settings(prefix);
        settings["Ingestion__Replay__ChunkEvents"] = "500";

        await using (var killed = SwayProcess.Start(settings, "replay", "--file", fixture.Path))
        {
            // A seeded fraction of the time the second chunk took: the kill lands inside the third chunk's writes or scoring.
            var second = await killed.WaitForOutputAsync(line => line.Contains("chunk 2:", StringComparison.Ordinal), RunTimeout);
            var took = TimeSpan.FromSeconds(double.Parse(ChunkTook().Match(second).Groups["seconds"].Value, CultureInfo.InvariantCulture));
            await Task.Delay(took * new Random(2012).Next(10, 50) / 100, TimeProvider.System, Ct);
            killed.Kill();
            var code = await killed.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(code == 137, $"The replay was not killed while it ran (exit code {code}).{Describe(killed)}");
            Assert.DoesNotContain("Covered ", killed.Output, StringComparison.Ordinal);
        }

        await using (var rerun = SwayProcess.Start(settings, "replay", "--file", fixture.Path))
        {
            var code = await rerun.WaitForExitAsync(RunTimeout);
            Assert.True(code == 0, $"sway replay exited {code}.{Describe(rerun)}");
            await rerun.WaitForOutputAsync(line => line.StartsWith("Covered ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            var resumed = Resumed().Match(rerun.Output);
            Assert.True(resumed.Success, $"The rerun did not resume from the chunks the killed run stored.{Describe(rerun)}");
            Assert.InRange(Number(resumed.Groups["after"].Value), 1_000, Events - 1);
        }

        var (rows, queued, poisoned) = await StoredAsync(prefix);
        AssertSameRows(clean, rows);
        Assert.Equal(0, queued);
        Assert.Equal(0, poisoned);
    }

    /// <summary>Waits for the moment to kill <paramref name="replay"/> at; says what that moment was.</summary>
    private async Task<string> WaitForKillPointAsync(SwayProcess replay, string prefix, KillPoint when)
    {
        var firstPage = await replay.WaitForOutputAsync(line => Progress().IsMatch(line), RunTimeout);
        switch (when)
        {
            case KillPoint.AfterTheFirstPage:
                return $"right after '{firstPage.Trim()}'";
            case KillPoint.InsideALaterPage:
                // A seeded fraction of the time the third page took (its progress line minus the second's): the kill
                // lands inside the fourth page's reads and writes, before its cursor is saved.
                var second = await replay.WaitForOutputAsync(line => IsPage(line, 2), RunTimeout);
                var third = await replay.WaitForOutputAsync(line => IsPage(line, 3), RunTimeout);
                var page = TimeSpan.FromSeconds(Math.Max(0.1, Seconds(third) - Seconds(second)));
                var delay = page * new Random(2012).Next(10, 50) / 100;
                await Task.Delay(delay, TimeProvider.System, Ct);
                return $"{delay.TotalMilliseconds:F0} ms (of a {page.TotalMilliseconds:F0} ms page) after '{third.Trim()}'";
            case KillPoint.WhileScoring:
                // The "scoring:" line comes at the first 2-second tick after the dataset is settled; when the workers are
                // quicker than that, the first stored score (the workers drain while the settle still asks) marks it.
                var scores = new TableClient(azurite.ConnectionString, prefix + StorageNames.ScoresTable);
                while (true)
                {
                    Assert.False(replay.HasExited, $"The replay ended before it was killed.{Describe(replay)}");
                    if (replay.Output.Contains("scoring:", StringComparison.Ordinal))
                    {
                        return "after the first 'scoring:' line";
                    }

                    if (await TableSnapshot.CountAsync(scores, Current) > 0)
                    {
                        return "once the first score was stored";
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, Ct);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(when), when, null);
        }
    }

    /// <summary>The rows of one uninterrupted replay of the fixture, computed once for the whole class on a prefix of its own.</summary>
    private async Task<List<string>> CleanRowsAsync()
    {
        await CleanGate.WaitAsync(Ct);
        try
        {
            if (_cleanRows is null)
            {
                using var fixture = ReplayFixture.Write(Events);
                var prefix = SwayTestHost.NewPrefix();
                var output = await RunToCompletionAsync(prefix, fixture, queue: true);
                Assert.DoesNotContain("Resuming", output, StringComparison.Ordinal);
                var (rows, queued, poisoned) = await StoredAsync(prefix);
                Assert.Contains(rows, r => r.StartsWith("Scores ", StringComparison.Ordinal));
                Assert.Equal(0, queued);
                Assert.Equal(0, poisoned);
                _cleanRows = rows;
            }

            return _cleanRows;
        }
        finally
        {
            CleanGate.Release();
        }
    }

    /// <summary>Runs <c>sway replay</c> to its end (through the queue or in bulk), asserts it exits 0, and returns its output.</summary>
    private async Task<string> RunToCompletionAsync(string prefix, ReplayFixture fixture, bool queue)
    {
        await using var replay = SwayProcess.Start(Settings(prefix), ["replay", "--file", fixture.Path, .. queue ? ["--queue"] : Array.Empty<string>()]);
        var code = await replay.WaitForExitAsync(RunTimeout);
        Assert.True(code == 0, $"sway replay exited {code}.{Describe(replay)}");
        await replay.WaitForOutputAsync(line => line.StartsWith("Covered ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        return replay.Output;
    }

    /// <summary>What the prefix's storage holds once no program uses it: every row, and the messages left in the score queue and its poison queue.</summary>
    private async Task<(List<string> Rows, int Queued, int Poisoned)> StoredAsync(string prefix)
    {
        await using var host = await SwayTestHost.StartAsync(azurite, prefix);
        var rows = await TableSnapshot.StoredRowsAsync(host.Storage);
        var queued = (await host.Storage.ScoreRequests.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;
        var poisoned = (await host.Storage.PoisonOf(host.Storage.ScoreRequests).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;
        return (rows, queued, poisoned);
    }

    /// <summary>Equal row lists, or a failure that names the rows missing and the rows extra (the first few of each).</summary>
    private static void AssertSameRows(List<string> expected, List<string> actual)
    {
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            return;
        }

        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
        var nl = Environment.NewLine;
        Assert.Fail(
            $"The recovered replay stored {actual.Count} rows, the uninterrupted one {expected.Count}: {missing.Count} missing, {extra.Count} extra or different." +
            $"{nl}Missing (first 15):{nl}{string.Join(nl, missing.Take(15))}{nl}Extra (first 15):{nl}{string.Join(nl, extra.Take(15))}");
    }

    private Dictionary<string, string> Settings(string prefix) => new()
    {
        ["SwayStorage"] = azurite.ConnectionString,
        ["Storage__NamePrefix"] = prefix,
        ["QueueWorker__Lease"] = "00:00:03", // the leases of a killed run end soon
        ["Ingestion__BatchSize"] = PageSize.ToString(CultureInfo.InvariantCulture), // many pages, many cursors
    };

    private static string Describe(SwayProcess sway) =>
        $"{Environment.NewLine}Output:{Environment.NewLine}{sway.Output}{Environment.NewLine}Error:{Environment.NewLine}{sway.Error}";

    private static bool IsCurrentScore(string row) => row.StartsWith("Scores ", StringComparison.Ordinal) && row.Split(' ')[2] == "current";

    private static bool IsPage(string line, int page) => Progress().Match(line) is { Success: true } m && Number(m.Groups["read"].Value) == page * PageSize;

    /// <summary>The run's elapsed seconds a progress line ends with: "... stored 738 in this run (2.0 s)".</summary>
    private static double Seconds(string progress) => double.Parse(Elapsed().Match(progress).Groups["seconds"].Value, CultureInfo.InvariantCulture);

    private static long Number(string digits) => long.Parse(digits, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*read (?<read>\d{1,3}(?:,\d{3})*) of [\d,]+ events", RegexOptions.Multiline)]
    private static partial Regex Progress();

    [GeneratedRegex(@"\((?<seconds>\d+\.\d) s\)$")]
    private static partial Regex Elapsed();

    [GeneratedRegex(@"scored [\d,]+ in (?<seconds>\d+\.\d) s")]
    private static partial Regex ChunkTook();

    [GeneratedRegex(@"Resuming after event (?<after>\d{1,3}(?:,\d{3})*)")]
    private static partial Regex Resumed();
}
