using System.Net;
using System.Text.Json;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Sway.Domain;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Tests.Storage;

/// <summary>
/// A batch of written scores is copied into the handle rows together, and checked against the current rows in one
/// read: a score written by someone else in between still ends in the copies, and an account unlinked meanwhile gets
/// no copy back.
/// </summary>
public sealed class ScoreCopyBatchTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Copies_of_a_batch_are_checked_in_one_read_and_end_at_a_score_written_in_between()
    {
        var reads = new TableReadCounter();
        await using var host = await SwayTestHost.StartAsync(azurite, SwayTestHost.NewPrefix(), s => s.AddKeyedSingleton<HttpPipelinePolicy>(StorageOptions.ConnectionName, reads));
        reads.TableAuthority = host.Storage.Scores.All[0].Uri.Authority;
        var now = host.Clock.GetUtcNow();
        var store = host.Get<ScoreStore>();
        var profiles = new List<Profile>();
        for (var i = 0; i < ScoreStore.CheckedTogether + 6; i++)
        {
            profiles.Add(await host.LinkAsync($"copy{i}", [new LinkedAccount("bluesky", $"did:plc:c{i}", $"c{i}.example.com")], []));
        }

        var written = new List<WrittenScore>();
        foreach (var profile in profiles)
        {
            written.Add((await store.TryWriteAsync(ScoreModel.V1.Score(profile, [], now, now), profile.Accounts, null, null, Ct))!);
        }

        var reactions = Enumerable.Range(0, 8)
            .Select(i => new Interaction($"n{i}", "bluesky", $"did:plc:fan{i}", "did:plc:c1", InteractionType.Repost, $"post{i}", now.AddHours(-i - 1)))
            .ToList();
        var newer = ScoreModel.V1.Score(profiles[1], reactions, now, now);
        Assert.NotNull(await store.TryWriteAsync(newer, profiles[1].Accounts, written[1].Version, null, Ct));
        await host.Get<ProfileStore>().DeleteIndexAsync(profiles[3].Accounts[0], Ct);

        reads.Reset();
        await store.CopyToHandlesAsync(written, 4, Ct);

        // Two range queries check the batch (64 profiles, then 6), then the newer score's row is read twice (to copy it,
        // then to see it is current).
        Assert.Equal(4, reads.Reads);
        Assert.Equal(newer.Score, await ScoreByHandleAsync(host, "c1.example.com"));
        Assert.NotEqual(written[1].Scored.Score.Score, newer.Score);
        foreach (var i in new[] { 0, 2, 4, ScoreStore.CheckedTogether + 5 })
        {
            Assert.Equal(written[i].Scored.Score.Score, await ScoreByHandleAsync(host, $"c{i}.example.com"));
        }

        var gone = await host.Http.GetAsync(new Uri("/api/scores/bluesky/c3.example.com", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<int> ScoreByHandleAsync(SwayTestHost host, string handle)
    {
        var response = await host.Http.GetAsync(new Uri($"/api/scores/bluesky/{handle}", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("score").GetInt32();
    }
}
