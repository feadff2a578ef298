using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Sway.Api;
using Sway.Ingestion;

namespace Sway.Tests.Pipeline;

/// <summary>Replaying real activity (the SNAP Higgs Twitter dataset) through the whole pipeline.</summary>
public sealed class HiggsReplayTests(AzuriteFixture azurite)
{
    private const string ActivityFile = "higgs-twitter/higgs-activity_time.txt.gz";
    private const int Events = 50_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replaying_50000_events_stores_each_distinct_event_once_and_scores_every_receiver()
    {
        var path = SharedData.Require(ActivityFile);
        var (distinctEvents, receivers) = ReadExpectations(path, Events);
        await using var host = await SwayTestHost.StartAsync(azurite);
        using var source = new HiggsReplaySource(path, Events);

        await host.DrainScoreQueueWhileAsync(host.Get<ActivityPuller>().PullAsync(source, Ct));

        Assert.Equal(distinctEvents, await TableSnapshot.CountAsync(host.Storage.Interactions.All));
        Assert.Equal(receivers.Count, await TableSnapshot.CountAsync(host.Storage.Profiles.All));
        Assert.Equal(receivers.Count, await TableSnapshot.CountAsync(host.Storage.Scores.All, "RowKey eq 'current'"));
        var view = await host.Http.GetFromJsonAsync<ScoreView>(new Uri("/api/scores/higgs/88", UriKind.Relative), SwayJson.Options, Ct);
        Assert.NotNull(view);
        Assert.InRange(view.Score, 1, 100);
        Assert.Equal(new DateTimeOffset(2012, 7, 1, 0, 0, 0, TimeSpan.Zero), view.AsOf.Date, TimeSpan.FromDays(7)); // scored as of the dataset's own clock
    }

    [Fact]
    public async Task An_account_that_only_reacted_gets_no_profile()
    {
        var path = SharedData.Require(ActivityFile);
        var (_, receivers) = ReadExpectations(path, 2_000);
        var actorOnly = FirstActorThatNeverReceives(path, 2_000, receivers);
        Assert.NotNull(actorOnly);
        await using var host = await SwayTestHost.StartAsync(azurite);
        using var source = new HiggsReplaySource(path, 2_000);

        await host.Get<ActivityPuller>().PullAsync(source, Ct);

        var response = await host.Http.GetAsync(new Uri($"/api/scores/higgs/{actorOnly}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Independently of the code under test: distinct non-self events and the accounts that received one.</summary>
    private static (int DistinctEvents, HashSet<string> Receivers) ReadExpectations(string path, int limit)
    {
        var events = new HashSet<string>(StringComparer.Ordinal);
        var receivers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fields in Lines(path, limit))
        {
            if (fields[0] != fields[1])
            {
                events.Add(string.Join(' ', fields));
                receivers.Add(fields[1]);
            }
        }

        return (events.Count, receivers);
    }

    private static string? FirstActorThatNeverReceives(string path, int limit, HashSet<string> receivers) =>
        Lines(path, limit).Select(f => f[0]).FirstOrDefault(a => !receivers.Contains(a));

    private static IEnumerable<string[]> Lines(string path, int limit)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        for (var i = 0; i < limit && reader.ReadLine() is { } line; i++)
        {
            yield return line.Split(' ');
        }
    }
}
