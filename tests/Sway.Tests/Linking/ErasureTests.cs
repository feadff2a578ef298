using System.Net;
using System.Net.Http.Json;
using System.Text;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Privacy;
using Sway.Scoring;
using Sway.Storage;
using Sway.Tests.Webhooks;
using Sway.Webhooks;

namespace Sway.Tests.Linking;

/// <summary>
/// Opt-out and erasure on Azurite: after <c>DELETE /api/profiles/{id}</c> no table or queue holds the profile's id, its
/// accounts' ids or handles; a score message already queued does nothing; a later pull or replay that meets the
/// account does not bring it back, and its reactions to others stay only under its pseudonym.
/// </summary>
public sealed class ErasureTests(AzuriteFixture azurite)
{
    private const string AliceDid = "did:plc:alice";
    private const string AliceHandle = "alice.example.com";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Erasure_leaves_no_trace_of_the_profile_in_any_table_or_queue()
    {
        var start = SwayTestHost.Start;
        var bluesky = new FakeAccountReader(Networks.Bluesky)
            .Add(AliceDid, AliceHandle).Add("did:plc:bob", "bob.example.com").Add("did:plc:alicework", "alicework.example.com");
        for (var i = 0; i < 8; i++)
        {
            bluesky.React($"did:plc:fan{i}", AliceDid, InteractionType.Repost, start.AddHours(-i - 1));
        }

        bluesky.React("did:plc:bob", AliceDid, InteractionType.Reply, start.AddHours(-3));
        bluesky.React(AliceDid, "did:plc:bob", InteractionType.Repost, start.AddHours(-2));
        bluesky.React(AliceDid, "did:plc:bob", InteractionType.Like, start.AddHours(-2));
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await LinkingTests.StartHostAsync(azurite, bluesky, ("Webhooks:AllowLoopback", "true"), ("Webhooks:RetrySchedule", "00:00:00"));
        var alice = await LinkingTests.LinkAsync(host, bluesky, AliceHandle);
        var bob = await LinkingTests.LinkAsync(host, bluesky, "bob.example.com");
        var subscribed = await host.Get<WebhookSubscriptions>().CreateAsync($$"""{"url": "{{receiver.Url}}", "events": ["score.changed", "profile.erased"], "profileIds": ["{{alice}}", "{{bob}}"]}""", Ct);
        Assert.True(subscribed.Succeeded, subscribed.Problem?.Detail);

        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.RunNightlyAsync();
        await host.DrainWebhookQueueAsync();
        Assert.NotNull(await host.Get<ScoreStore>().GetCurrentAsync(alice, Ct));
        Assert.Contains(receiver.Received, r => r.Body.Contains(alice, StringComparison.Ordinal));
        await LinkingTests.PostAsync(host, $"/api/profiles/{alice}/accounts", """{"network": "bluesky", "handle": "alicework.example.com"}""");
        await host.Get<ScoreRequestQueue>().EnqueueAsync([alice], ScoreRequestReason.Activity, Ct);
        var traces = new[] { alice, AliceDid, AliceHandle };
        Assert.Contains(await TableSnapshot.StoredRowsAsync(host.Storage), row => traces.Any(t => row.Contains(t, StringComparison.Ordinal)));

        var erased = await LinkingTests.SendAsync(host, HttpMethod.Delete, $"/api/profiles/{alice}");
        var report = (await erased.Content.ReadFromJsonAsync<ErasureReport>(SwayJson.Options, Ct))!;
        await host.DrainScoreQueueAsync();
        await host.DrainWebhookQueueAsync();

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.True(report.ProfileFound);
        Assert.Equal((1, 1, 9, 2, 1, 1), (report.Accounts, report.PendingLinks, report.ReactionsReceived, report.ReactionsSentPseudonymised, report.WebhookFilters, report.Tombstones));
        Assert.True(report.ScoreRows >= 2, $"score rows {report.ScoreRows}");
        Assert.True(report.WebhookDeliveries >= 1, $"deliveries {report.WebhookDeliveries}");
        var leftovers = (await TableSnapshot.StoredRowsAsync(host.Storage))
            .Where(row => !row.Contains("EventType=profile.erased", StringComparison.Ordinal))
            .Where(row => traces.Any(t => row.Contains(t, StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(leftovers);
        Assert.Empty(await QueuedAsync(host, traces));
        Assert.Null(await host.Get<ScoreStore>().GetCurrentAsync(alice, Ct));
        Assert.Contains(receiver.Received, r => r.Body.Contains("profile.erased", StringComparison.Ordinal) && r.Body.Contains(alice, StringComparison.Ordinal));
        var toBob = await TableSnapshot.AllAsync(host.Storage.Interactions.All, "Target eq 'did:plc:bob'");
        Assert.Equal(2, toBob.Count);
        Assert.All(toBob, r => Assert.Equal(host.Get<AccountPseudonym>().Of("bluesky", AliceDid), r.GetString("Actor")));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync(new Uri($"/api/scores/bluesky/{AliceHandle}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await LinkingTests.SendAsync(host, HttpMethod.Get, $"/api/profiles/{alice}")).StatusCode);
    }

    [Fact]
    public async Task Erasing_again_removes_nothing_more_and_says_so()
    {
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add(AliceDid, AliceHandle);
        bluesky.React("did:plc:fan", AliceDid, InteractionType.Like, SwayTestHost.Start.AddHours(-1));
        await using var host = await LinkingTests.StartHostAsync(azurite, bluesky);
        var alice = await LinkingTests.LinkAsync(host, bluesky, AliceHandle);
        await host.Get<ActivityPuller>().PullAsync(Ct);

        var first = await (await LinkingTests.SendAsync(host, HttpMethod.Delete, $"/api/profiles/{alice}")).Content.ReadFromJsonAsync<ErasureReport>(SwayJson.Options, Ct);
        var second = await LinkingTests.SendAsync(host, HttpMethod.Delete, $"/api/profiles/{alice}");
        var again = await second.Content.ReadFromJsonAsync<ErasureReport>(SwayJson.Options, Ct);
        var bad = await LinkingTests.SendAsync(host, HttpMethod.Delete, "/api/profiles/Not_An_Id");

        Assert.Equal(1, first!.ReactionsReceived);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(new ErasureReport(alice, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), again);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_pull_that_meets_an_erased_account_does_not_bring_it_back_and_keeps_its_reactions_only_under_its_pseudonym()
    {
        var start = SwayTestHost.Start;
        var bluesky = new FakeAccountReader(Networks.Bluesky).Add(AliceDid, AliceHandle).Add("did:plc:bob", "bob.example.com");
        bluesky.React("did:plc:fan", AliceDid, InteractionType.Like, start.AddHours(-1));
        await using var host = await LinkingTests.StartHostAsync(azurite, bluesky);
        var alice = await LinkingTests.LinkAsync(host, bluesky, AliceHandle);
        await LinkingTests.LinkAsync(host, bluesky, "bob.example.com");
        await host.Get<ActivityPuller>().PullAsync(Ct);
        await LinkingTests.SendAsync(host, HttpMethod.Delete, $"/api/profiles/{alice}");

        bluesky.React(AliceDid, "did:plc:bob", InteractionType.Reply, start.AddMinutes(-5));
        bluesky.React("did:plc:fan", AliceDid, InteractionType.Repost, start.AddMinutes(-4));
        await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();

        var rows = await TableSnapshot.StoredRowsAsync(host.Storage);
        Assert.DoesNotContain(rows, r => r.Contains(AliceDid, StringComparison.Ordinal) || r.Contains(alice, StringComparison.Ordinal));
        var toBob = Assert.Single(await TableSnapshot.AllAsync(host.Storage.Interactions.All, "Target eq 'did:plc:bob'"));
        Assert.Equal(host.Get<AccountPseudonym>().Of("bluesky", AliceDid), toBob.GetString("Actor"));
    }

    [Fact]
    public async Task A_replay_that_meets_an_erased_dataset_account_does_not_recreate_it()
    {
        var folder = Directory.CreateTempSubdirectory("sway-erasure-");
        var first = Path.Combine(folder.FullName, "first.txt");
        var second = Path.Combine(folder.FullName, "second.txt");
        const long t = 1341100972;
        await File.WriteAllLinesAsync(first, [$"1 2 {t} RT", $"3 2 {t + 60} MT", $"2 1 {t + 120} RE", $"4 1 {t + 180} RT"], Ct);
        await File.WriteAllLinesAsync(second, [$"1 2 {t} RT", $"3 2 {t + 60} MT", $"2 1 {t + 120} RE", $"4 1 {t + 180} RT", $"5 2 {t + 240} RT", $"2 4 {t + 300} MT"], Ct);
        var prefix = SwayTestHost.NewPrefix();
        await using (var host = await SwayTestHost.StartAsync(azurite, prefix, ("Ingestion:Replay:File", first), ("Api:Key", LinkingTests.Key)))
        {
            await host.Get<ActivityPuller>().PullAsync(Ct);
            await host.DrainScoreQueueAsync();
            Assert.NotNull(await host.Get<ProfileStore>().GetAsync("higgs-2", Ct));
            var erased = await LinkingTests.SendAsync(host, HttpMethod.Delete, "/api/profiles/higgs-2");
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        }

        await using var again = await SwayTestHost.StartAsync(azurite, prefix, ("Ingestion:Replay:File", second));
        await again.Get<ActivityPuller>().PullAsync(Ct);
        await again.DrainScoreQueueAsync();

        Assert.Null(await again.Get<ProfileStore>().GetAsync("higgs-2", Ct));
        Assert.Empty(await TableSnapshot.AllAsync(again.Storage.Interactions.All, "Target eq '2'"));
        Assert.Empty(await TableSnapshot.AllAsync(again.Storage.Interactions.All, "Actor eq '2'"));
        Assert.Empty(await TableSnapshot.AllAsync(again.Storage.Scores.All, "PartitionKey eq 'higgs-2'"));
        var pseudonym = again.Get<AccountPseudonym>().Of("higgs", "2");
        Assert.Equal(2, (await TableSnapshot.AllAsync(again.Storage.Interactions.All, $"Actor eq '{pseudonym}'")).Count);
        Assert.NotNull(await again.Get<ProfileStore>().GetAsync("higgs-1", Ct));
    }

    /// <summary>The messages waiting in every queue (poison queues included) that mention any of <paramref name="traces"/>.</summary>
    private static async Task<List<string>> QueuedAsync(SwayTestHost host, string[] traces)
    {
        var found = new List<string>();
        foreach (var name in StorageNames.Queues.SelectMany(q => new[] { q, StorageNames.PoisonQueueOf(q) }))
        {
            var queue = host.Storage.Queue(name);
            foreach (var message in (await queue.PeekMessagesAsync(32, Ct)).Value)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString()));
                if (traces.Any(t => text.Contains(t, StringComparison.Ordinal)))
                {
                    found.Add($"{name}: {text}");
                }
            }
        }

        return found;
    }
}
