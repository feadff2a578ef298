using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sway.Cli.Hosting;
using Sway.Domain;
using Sway.Ingestion;
using Sway.Scoring;
using Sway.Storage;
using Sway.Storage.Faults;

namespace Sway.Tests.Reliability;

/// <summary>
/// A retried call that meets its own earlier success (a delete answered 404, an insert answered 409), a message
/// delivered twice and a page stored twice: each leaves storage exactly as one success would.
/// </summary>
public sealed class AmbiguousOutcomeTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_queue_delete_whose_answer_was_lost_and_that_meets_404_on_its_retry_is_done()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var aimed = new AimedFault(StorageFault.LostAnswer, AimedFault.IsDelete) { Armed = true };
        var (queue, poison) = await QueuesAsync(host, aimed);
        var handled = 0;
        var worker = Worker(host, queue, poison, (_, _) =>
        {
            Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        });
        await queue.SendMessageAsync("work", Ct);

        await worker.DrainAsync(Ct);

        Assert.Equal(1, aimed.Injector.Injected);
        Assert.Equal(1, handled);
        Assert.Equal(0, (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await poison.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_first_score_insert_whose_answer_was_lost_and_that_meets_409_on_its_retry_leaves_one_score_and_one_history_row()
    {
        var prefix = SwayTestHost.NewPrefix();
        var aimed = new AimedFault(StorageFault.LostAnswer, AimedFault.IsTransaction);
        await using var faulty = await SwayTestHost.StartAsync(azurite, prefix, s => s.AddSingleton(aimed.Injector), AimedFault.On);
        await using var clean = await SwayTestHost.StartAsync(azurite);
        foreach (var host in new[] { faulty, clean })
        {
            await LinkWithReactionsAsync(host);
        }

        aimed.Armed = true;
        var scored = await faulty.Get<ProfileScorer>().ScoreAsync("linked-gail", nightly: false, Ct);
        var expected = await clean.Get<ProfileScorer>().ScoreAsync("linked-gail", nightly: false, Ct);

        Assert.Equal(1, aimed.Injector.Injected);
        Assert.Equal(expected!.Score, scored!.Score);
        Assert.Equal(2, await TableSnapshot.CountAsync(faulty.Storage.Scores.All));
        Assert.Equal(await ScoreRowsAsync(clean), await ScoreRowsAsync(faulty));
    }

    [Fact]
    public async Task A_scoring_that_read_older_reactions_never_overwrites_a_score_stored_after_it_read()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var profile = await LinkWithReactionsAsync(host);
        var store = host.Get<ScoreStore>();
        var staleVersion = await store.GetVersionAsync(profile.Id, Ct);
        var stale = ScoreModel.V1.Score(profile, [], host.Clock.GetUtcNow(), host.Clock.GetUtcNow());

        var fresh = await host.Get<ProfileScorer>().ScoreAsync(profile.Id, nightly: false, Ct);
        var overwritten = await store.TrySaveAsync(stale, profile.Accounts, staleVersion?.Version, null, Ct);

        Assert.False(overwritten);
        Assert.Equal(fresh!.Score, (await store.GetCurrentAsync(profile.Id, Ct))!.Score);
        Assert.NotEqual(stale.Score, fresh.Score);
    }

    [Fact]
    public async Task A_score_message_delivered_twice_stores_what_one_delivery_stores()
    {
        await using var once = await SwayTestHost.StartAsync(azurite);
        await using var twice = await SwayTestHost.StartAsync(azurite);
        foreach (var (host, copies) in new[] { (once, 1), (twice, 2) })
        {
            await LinkWithReactionsAsync(host);
            for (var i = 0; i < copies; i++)
            {
                await host.Get<ScoreRequestQueue>().EnqueueAsync(["linked-gail"], ScoreRequestReason.Manual, Ct);
            }

            Assert.Equal(copies, await host.DrainScoreQueueAsync());
        }

        Assert.Equal(await TableSnapshot.StoredRowsAsync(once.Storage), await TableSnapshot.StoredRowsAsync(twice.Storage));
    }

    [Fact]
    public async Task A_pull_page_stored_twice_stores_what_one_pull_stores()
    {
        using var fixture = ReplayFixture.Write(900);
        (string, string?)[] settings = [("Ingestion:BatchSize", "300")];
        await using var host = await SwayTestHost.StartAsync(azurite, settings);
        await DeterministicReplayTests.ReplayAsync(host, fixture);
        var once = await TableSnapshot.StoredRowsAsync(host.Storage);
        using var source = new HiggsReplaySource(fixture.Path);

        // As if the run had died after storing pages 2 and 3 but before saving their cursor: they are read again.
        await host.Get<CursorStore>().SaveCursorAsync(source.Name, "300", Ct);
        await DeterministicReplayTests.ReplayAsync(host, fixture);

        Assert.Equal(once, await TableSnapshot.StoredRowsAsync(host.Storage));
    }

    private static async Task<Profile> LinkWithReactionsAsync(SwayTestHost host)
    {
        var now = host.Clock.GetUtcNow();
        return await host.LinkAsync(
            "linked-gail",
            [new LinkedAccount("mastodon", "77", "gail@example.social")],
            new Interaction("g1", "mastodon", "8", "77", InteractionType.Repost, "p1", now.AddHours(-5)),
            new Interaction("g2", "mastodon", "9", "77", InteractionType.Reply, "p1", now.AddHours(-3)),
            new Interaction("g3", "mastodon", "10", "77", InteractionType.Like, "p2", now.AddHours(-1)));
    }

    private static async Task<List<string>> ScoreRowsAsync(SwayTestHost host) =>
        [.. (await TableSnapshot.StoredRowsAsync(host.Storage)).Where(r => r.StartsWith("Scores ", StringComparison.Ordinal))];

    private async Task<(QueueClient Queue, QueueClient Poison)> QueuesAsync(SwayTestHost host, AimedFault aimed)
    {
        var options = new QueueClientOptions { Transport = aimed.Injector.Transport(), MessageEncoding = QueueMessageEncoding.Base64 };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        var queue = new QueueClient(azurite.ConnectionString, host.Storage.QueueName("work"), options);
        var poison = new QueueClient(azurite.ConnectionString, StorageNames.PoisonQueueOf(queue.Name), options);
        await queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        await poison.CreateIfNotExistsAsync(cancellationToken: Ct);
        return (queue, poison);
    }

    internal static QueueWorker Worker(SwayTestHost host, QueueClient queue, QueueClient poison, Func<string, CancellationToken, Task> handler, QueueWorkerOptions? options = null) =>
        new(queue, poison, handler, Options.Create(options ?? new QueueWorkerOptions()), host.Get<StorageRetry>(), TimeProvider.System, NullLogger<QueueWorker>.Instance);
}
