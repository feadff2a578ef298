using System.Net;
using System.Net.Http.Json;
using Sway.Api;
using Sway.Ingestion;
using Sway.Scoring;
using Sway.Storage;

namespace Sway.Tests.Pipeline;

/// <summary>The walking skeleton, end to end on Azurite: demo source → pull → queue → score → HTTP lookup.</summary>
public sealed class DemoPipelineTests(AzuriteFixture azurite)
{
    private static readonly (string, string?)[] Demo =
    [
        ("Ingestion:Demo:Enabled", "true"),
        ("Ingestion:Demo:Accounts", "60"),
        ("Ingestion:Demo:ReactionsPerMinute", "2"),
        ("Ingestion:Demo:BackfillDays", "1"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Demo_activity_flows_through_the_queue_to_a_score_served_over_http()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, Demo);
        var population = host.Get<IEnumerable<IActivitySource>>().OfType<SyntheticActivitySource>().Single().Population;

        var report = await host.Get<ActivityPuller>().PullAsync(Ct);
        var processed = await host.DrainScoreQueueAsync();

        Assert.True(report.Stored > 0);
        Assert.InRange(processed, 1, report.Requests); // up to ScoreRequest.MaxProfiles profiles a message
        Assert.Equal(report.Profiles, await TableSnapshot.CountAsync(host.Storage.Scores.All, "RowKey eq 'current'"));
        var handle = population.HandleOf(1);
        var response = await host.Http.GetAsync(new Uri($"/api/scores/demo/{handle}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<ScoreView>(SwayJson.Options, Ct);
        Assert.NotNull(view);
        Assert.InRange(view.Score, 1, 100);
        Assert.Equal(new ScoringOptions().ModelVersion, view.ModelVersion);
        Assert.Contains(view.Accounts, a => a.Network == "demo" && a.Handle == handle);
        Assert.Equal(view.Score, view.Explanation.Baseline + view.Explanation.Components.Sum(c => c.Points));
    }

    [Fact]
    public async Task Every_demo_account_that_received_a_reaction_has_a_score_after_one_pull()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, Demo);

        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();

        var receivers = (await TableSnapshot.AllAsync(host.Storage.Interactions.All)).Select(e => e.GetString("Target")).Distinct().ToList();
        var scored = await TableSnapshot.CountAsync(host.Storage.Scores.All, "RowKey eq 'current'");
        Assert.NotEmpty(receivers);
        Assert.Equal(receivers.Count, scored);
    }

    [Fact]
    public async Task Pulling_the_same_activity_twice_stores_the_same_interactions_and_the_same_scores()
    {
        var prefix = SwayTestHost.NewPrefix();
        List<string> interactionsFirst, scoresFirst;
        await using (var first = await SwayTestHost.StartAsync(azurite, prefix, Demo))
        {
            await first.Get<ActivityPuller>().PullAsync(Ct);
            await first.DrainScoreQueueAsync();
            interactionsFirst = await TableSnapshot.DescribeAsync(first.Storage.Interactions.All, "Actor", "Type", "OccurredAt");
            scoresFirst = await TableSnapshot.DescribeAsync(first.Storage.Scores.All, "Score", "ModelVersion", "AsOf", "Explanation");

            // Forget the cursor: the next pull reads the very same activity again.
            await first.Storage.Cursors.DeleteEntityAsync("cursor", "demo", cancellationToken: Ct);
        }

        await using var second = await SwayTestHost.StartAsync(azurite, prefix, Demo);
        await second.Get<ActivityPuller>().PullAsync(Ct);
        await second.DrainScoreQueueAsync();

        Assert.Equal(interactionsFirst, await TableSnapshot.DescribeAsync(second.Storage.Interactions.All, "Actor", "Type", "OccurredAt"));
        Assert.Equal(scoresFirst, await TableSnapshot.DescribeAsync(second.Storage.Scores.All, "Score", "ModelVersion", "AsOf", "Explanation"));
    }

    [Fact]
    public async Task A_second_pull_with_nothing_new_stores_and_requests_nothing()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, Demo);
        await host.Get<ActivityPuller>().PullAsync(Ct);

        var again = await host.Get<ActivityPuller>().PullAsync(Ct);

        Assert.Equal(0, again.Read);
        Assert.Equal(0, again.Requests);
    }

    [Fact]
    public async Task A_later_pull_reads_only_what_happened_since_the_cursor()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, Demo);
        var first = await host.Get<ActivityPuller>().PullAsync(Ct);

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        var second = await host.Get<ActivityPuller>().PullAsync(Ct);

        Assert.Equal(60, second.Read); // 2 reactions a minute for 30 minutes
        Assert.Equal(first.Stored + second.Stored, await TableSnapshot.CountAsync(host.Storage.Interactions.All));
    }

    [Fact]
    public async Task A_score_request_processed_twice_writes_one_history_row()
    {
        await using var host = await SwayTestHost.StartAsync(azurite, Demo);
        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();
        var profileId = (await TableSnapshot.AllAsync(host.Storage.Scores.All, "RowKey eq 'current'"))[0].PartitionKey;
        var before = await host.Get<ScoreStore>().GetCurrentAsync(profileId, Ct);

        await host.Get<ScoreRequestQueue>().EnqueueAsync([profileId], ScoreRequestReason.Manual, Ct);
        await host.Get<ScoreRequestQueue>().EnqueueAsync([profileId], ScoreRequestReason.Manual, Ct);
        await host.DrainScoreQueueAsync();

        var history = await host.Get<ScoreStore>().GetHistoryAsync(profileId, Ct);
        var after = await host.Get<ScoreStore>().GetCurrentAsync(profileId, Ct);
        Assert.Single(history);
        Assert.Equal(before?.Score, after?.Score);
    }
}
