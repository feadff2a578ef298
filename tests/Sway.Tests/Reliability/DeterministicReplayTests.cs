using Sway.Ingestion;
using Sway.Storage.Faults;

namespace Sway.Tests.Reliability;

/// <summary>
/// What a replay stores depends on the file alone: not on speed, not on storage faults. Rows are compared entity by
/// entity across every table (all properties but the service's own and a score's wall-clock <c>ComputedAt</c>).
/// </summary>
public sealed class DeterministicReplayTests(AzuriteFixture azurite)
{
    private const int Events = 1_500;

    // Short leases and short SDK retry delays keep the run short; what is stored does not depend on them.
    private static readonly (string, string?)[] Quick = [("QueueWorker:Lease", "00:00:06"), ("Ingestion:BatchSize", "300"), ("Storage:RetryDelay", "00:00:00.050"), ("Storage:Outage:FirstDelay", "00:00:00.100")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_profile_of_a_replay_ends_scored_as_of_the_last_event_of_the_file_with_one_history_row()
    {
        using var fixture = ReplayFixture.Write(Events);
        await using var host = await SwayTestHost.StartAsync(azurite, Quick);

        await ReplayAsync(host, fixture);

        var end = (await new HiggsReplaySource(fixture.Path).MeasureAsync(Ct))!.End;
        var current = await TableSnapshot.AllAsync(host.Storage.Scores.All, "RowKey eq 'current'");
        Assert.Equal(fixture.Receivers, current.Count);
        Assert.All(current, row => Assert.Equal(end, row.GetDateTimeOffset("AsOf")));
        var days = await TableSnapshot.AllAsync(host.Storage.Scores.All, "RowKey ne 'current'");
        Assert.Equal(fixture.Receivers, days.Count);
        Assert.All(days, row => Assert.Equal($"day|{end:yyyy-MM-dd}", row.RowKey));
    }

    [Fact]
    public async Task A_replay_slowed_down_in_the_fault_seam_stores_the_same_rows_as_a_fast_one()
    {
        using var fixture = ReplayFixture.Write(Events);
        var fast = await CleanRowsAsync(fixture);

        await using var slow = await SwayTestHost.StartAsync(azurite, [.. Quick, ("Storage:Faults:Latency", "00:00:00.015")]);
        await ReplayAsync(slow, fixture);

        Assert.Equal(fast, await TableSnapshot.StoredRowsAsync(slow.Storage));
    }

    [Fact]
    public async Task A_replay_with_20_percent_storage_faults_of_both_kinds_stores_the_same_rows_as_a_clean_one()
    {
        using var fixture = ReplayFixture.Write(Events);
        var clean = await CleanRowsAsync(fixture);

        // No worker dies here, so the lease only costs renewals; each renewal whose answer the seam loses costs the
        // lease and a delivery, so a long lease keeps a slow (loaded) run from spending all five on work already done.
        await using var faulty = await SwayTestHost.StartAsync(azurite, [.. Quick, ("QueueWorker:Lease", "00:00:30"), ("Storage:Faults:Rate", "0.2"), ("Storage:Faults:Seed", "42")]);
        await ReplayAsync(faulty, fixture);

        // Read back through clients without the fault seam: the comparison itself must not meet injected faults.
        await using var reader = await SwayTestHost.StartAsync(azurite, faulty.Prefix);
        Assert.True(faulty.Get<StorageFaultInjector>().Injected > 100, "the seam injected faults");
        Assert.Equal(clean, await TableSnapshot.StoredRowsAsync(reader.Storage));
        Assert.Equal(0, (await reader.Storage.PoisonOf(reader.Storage.ScoreRequests).GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Replaying_more_of_a_file_later_scores_every_profile_again_as_of_the_new_end()
    {
        using var fixture = ReplayFixture.Write(Events);
        var whole = await CleanRowsAsync(fixture);
        await using var host = await SwayTestHost.StartAsync(azurite, Quick);

        await ReplayAsync(host, fixture, limit: 500);
        await ReplayAsync(host, fixture);

        // The current scores are those of one whole replay; the history keeps the day of the shorter one too.
        Assert.Equal(Current(whole), Current(await TableSnapshot.StoredRowsAsync(host.Storage)));
        static List<string> Current(List<string> rows) => [.. rows.Where(r => r.StartsWith("Scores ", StringComparison.Ordinal) && r.Contains(" current ", StringComparison.Ordinal))];
    }

    internal static async Task ReplayAsync(SwayTestHost host, ReplayFixture fixture, long limit = 0)
    {
        using var source = new HiggsReplaySource(fixture.Path, limit);
        await host.DrainScoreQueueWhileAsync(host.Get<ActivityPuller>().PullAsync(source, long.MaxValue, Ct));
    }

    private async Task<List<string>> CleanRowsAsync(ReplayFixture fixture)
    {
        await using var clean = await SwayTestHost.StartAsync(azurite, Quick);
        await ReplayAsync(clean, fixture);
        var rows = await TableSnapshot.StoredRowsAsync(clean.Storage);
        Assert.Contains(rows, r => r.StartsWith("Scores ", StringComparison.Ordinal));
        return rows;
    }
}
