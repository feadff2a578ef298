using System.Globalization;
using Sway.Ingestion;
using Sway.Tests.Reliability;

namespace Sway.Tests.Pipeline;

/// <summary>
/// The bulk replay stores what the pull path and the score workers store for the same file, row for row (all
/// properties but the service's own and a score's wall-clock <c>ComputedAt</c>), sender verdicts included; an
/// interrupted one resumes from its last chunk and ends with what one run stores.
/// </summary>
public sealed class BulkReplayTests(AzuriteFixture azurite)
{
    // Small batches and chunks, so that a short file makes many of each; what is stored does not depend on the chunks.
    private static readonly (string, string?)[] Small = [("Ingestion:BatchSize", "300"), ("Ingestion:Replay:ChunkEvents", "900"), ("QueueWorker:Lease", "00:00:30")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bulk_replay_stores_the_same_rows_as_the_pull_path_and_the_score_queue()
    {
        using var file = GamedFile.Write();
        await using var queued = await SwayTestHost.StartAsync(azurite, Small);
        using (var source = new HiggsReplaySource(file.Path))
        {
            await queued.DrainScoreQueueWhileAsync(queued.Get<ActivityPuller>().PullAsync(source, long.MaxValue, Ct));
        }

        var expected = await TableSnapshot.StoredRowsAsync(queued.Storage);

        await using var bulk = await SwayTestHost.StartAsync(azurite, Small);
        var report = await BulkAsync(bulk, file.Path);

        Assert.Equal(expected, await TableSnapshot.StoredRowsAsync(bulk.Storage));
        Assert.Equal(file.Receivers, report.Scored);
        Assert.Contains(expected, r => r.StartsWith("Standings ", StringComparison.Ordinal) && r.Contains("SendReason=reacted to", StringComparison.Ordinal));
        Assert.Contains(expected, r => r.StartsWith("Standings ", StringComparison.Ordinal) && r.Contains("RingReason=", StringComparison.Ordinal) && !r.Contains("RingReason= ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_interrupted_bulk_replay_resumes_from_its_last_chunk_and_stores_what_one_run_stores()
    {
        using var file = GamedFile.Write();
        await using var whole = await SwayTestHost.StartAsync(azurite, Small);
        await BulkAsync(whole, file.Path);
        var expected = await TableSnapshot.StoredRowsAsync(whole.Storage);

        await using var host = await SwayTestHost.StartAsync(azurite, Small);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        void StopAfterTwo(BulkReplayProgress p)
        {
            if (p.Read >= 1_800)
            {
                stop.Cancel();
            }
        }

        var bulk = host.Get<BulkReplay>();
        bulk.ChunkStored += StopAfterTwo;
        using (var source = new HiggsReplaySource(file.Path))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bulk.RunAsync(source, stop.Token));
        }

        bulk.ChunkStored -= StopAfterTwo;
        var resumed = await BulkAsync(host, file.Path);

        Assert.Equal(file.Events - 1_800, resumed.Read);
        Assert.Equal(expected, await TableSnapshot.StoredRowsAsync(host.Storage));
    }

    [Fact]
    public async Task Replaying_more_of_a_file_later_in_bulk_scores_every_profile_again_as_of_the_new_end()
    {
        using var fixture = ReplayFixture.Write(1_500);
        await using var whole = await SwayTestHost.StartAsync(azurite, Small);
        await BulkAsync(whole, fixture.Path);
        await using var host = await SwayTestHost.StartAsync(azurite, Small);

        await BulkAsync(host, fixture.Path, limit: 500);
        var again = await BulkAsync(host, fixture.Path);

        Assert.Equal(1_000, again.Read);
        Assert.Equal(Current(await TableSnapshot.StoredRowsAsync(whole.Storage)), Current(await TableSnapshot.StoredRowsAsync(host.Storage)));
        static List<string> Current(List<string> rows) => [.. rows.Where(r => r.StartsWith("Scores ", StringComparison.Ordinal) && r.Contains(" current ", StringComparison.Ordinal))];
    }

    private static async Task<BulkReplayReport> BulkAsync(SwayTestHost host, string path, long limit = 0)
    {
        using var source = new HiggsReplaySource(path, limit);
        return await host.Get<BulkReplay>().RunAsync(source, Ct);
    }

    /// <summary>
    /// The reliability tests' seeded file with gaming woven in, so that sender reviews record verdicts: a bot that
    /// mentions 60 accounts within an hour, and a ring of five accounts that mostly react among themselves.
    /// </summary>
    private sealed class GamedFile : IDisposable
    {
        private readonly ReplayFixture _fixture;

        private GamedFile(ReplayFixture fixture, int events, int receivers)
        {
            _fixture = fixture;
            Events = events;
            Receivers = receivers;
        }

        public string Path => _fixture.Path;

        public int Events { get; }

        /// <summary>Distinct accounts that received a reaction from someone else.</summary>
        public int Receivers { get; }

        public static GamedFile Write()
        {
            var fixture = ReplayFixture.Write(3_000, seed: 16);
            var lines = File.ReadAllLines(fixture.Path).ToList();
            var at = long.Parse(lines[1_000].Split(' ')[2], CultureInfo.InvariantCulture);
            var gaming = new List<string>();
            for (var target = 1; target <= 60; target++)
            {
                gaming.Add(string.Create(CultureInfo.InvariantCulture, $"9001 {target} {at + target} MT"));
            }

            for (var round = 0; round < 4; round++)
            {
                for (var a = 0; a < 5; a++)
                {
                    for (var b = 0; b < 5; b++)
                    {
                        if (a != b)
                        {
                            gaming.Add(string.Create(CultureInfo.InvariantCulture, $"{501 + a} {501 + b} {at + 100 + (round * 30) + a} RT"));
                        }
                    }
                }
            }

            lines.InsertRange(1_000, gaming);
            File.WriteAllLines(fixture.Path, lines);
            var receivers = lines.Select(l => l.Split(' ')).Where(f => f[0] != f[1]).Select(f => f[1]).Distinct(StringComparer.Ordinal).Count();
            return new GamedFile(fixture, lines.Count, receivers);
        }

        public void Dispose() => _fixture.Dispose();
    }
}
