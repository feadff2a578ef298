using Sway.Tests.Reliability;

namespace Sway.Tests.Cli;

/// <summary><c>sway replay</c> reads the whole file unless told otherwise, shows its progress against the file, and says how much it covered.</summary>
public sealed class ReplayCommandTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_in_bulk_shows_each_chunk_against_the_file_and_the_time_per_50000_events()
    {
        using var fixture = ReplayFixture.Write(1_200);
        var prefix = SwayTestHost.NewPrefix();
        var environment = Storage(prefix);
        environment["Ingestion__BatchSize"] = "200";
        environment["Ingestion__Replay__ChunkEvents"] = "400";

        var result = await SwayCli.RunAsync(environment, "replay", "--file", fixture.Path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Read 1,200 events into memory", result.Output, StringComparison.Ordinal);
        Assert.Contains("chunk 1: events 1-400 of 1,200 (33.3 %)", result.Output, StringComparison.Ordinal);
        Assert.Contains("chunk 3: events 801-1,200 of 1,200 (100.0 %)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Time per 50,000 events, chunk by chunk: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("Covered 1,200 of the file's 1,200 events (100.0 %)", result.Output, StringComparison.Ordinal);
        await using var host = await SwayTestHost.StartAsync(azurite, prefix);
        Assert.Equal(fixture.Receivers, await TableSnapshot.CountAsync(host.Storage.Scores.All, "RowKey eq 'current'"));
    }

    [Fact]
    public async Task Replay_through_the_queue_reads_the_whole_file_past_the_per_run_pull_cap_and_says_it_covered_all_of_it()
    {
        using var fixture = ReplayFixture.Write(1_200);
        var prefix = SwayTestHost.NewPrefix();
        var environment = Storage(prefix);
        environment["Ingestion__MaxEventsPerRun"] = "500";
        environment["Ingestion__BatchSize"] = "400";

        var result = await SwayCli.RunAsync(environment, "replay", "--file", fixture.Path, "--queue");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("read 400 of 1,200 events (33.3 %)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Covered 1,200 of the file's 1,200 events (100.0 %)", result.Output, StringComparison.Ordinal);
        await using var host = await SwayTestHost.StartAsync(azurite, prefix);
        Assert.Equal(fixture.Receivers, await TableSnapshot.CountAsync(host.Storage.Scores.All, "RowKey eq 'current'"));
    }

    [Fact]
    public async Task Replay_with_a_limit_stops_there_and_says_how_much_of_the_file_that_is()
    {
        using var fixture = ReplayFixture.Write(1_000);

        var result = await SwayCli.RunAsync(Storage(SwayTestHost.NewPrefix()), "replay", "--file", fixture.Path, "--limit", "250");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("replaying the first 250", result.Output, StringComparison.Ordinal);
        Assert.Contains("Covered 250 of the file's 1,000 events (25.0 %)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_run_again_after_it_finished_stores_nothing_new_and_asks_for_no_scores()
    {
        using var fixture = ReplayFixture.Write(600);
        var environment = Storage(SwayTestHost.NewPrefix());
        Assert.Equal(0, (await SwayCli.RunAsync(environment, "replay", "--file", fixture.Path)).ExitCode);

        var again = await SwayCli.RunAsync(environment, "replay", "--file", fixture.Path);

        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("Resuming after event 600", again.Output, StringComparison.Ordinal);
        Assert.Contains("this run wrote 0 events, stored 0 interactions and 0 profiles, scored 0 profiles", again.Output, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Storage(string prefix) => new()
    {
        ["SwayStorage"] = azurite.ConnectionString,
        ["Storage__NamePrefix"] = prefix,
    };
}
