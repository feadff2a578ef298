using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sway.Cli.Hosting;
using Sway.Storage;
using Sway.Storage.Faults;

namespace Sway.Tests.Hosting;

/// <summary>The local queue trigger behaves like Azure Functions': retries, then the poison queue after five failures.</summary>
public sealed class QueueWorkerTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_that_fails_five_times_lands_in_the_poison_queue_with_its_body_intact()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var queue = host.Storage.Queue("work");
        var poison = host.Storage.PoisonOf(queue);
        await queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        var attempts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var worker = new QueueWorker(
            queue,
            poison,
            (body, _) =>
            {
                attempts.AddOrUpdate(body, 1, (_, n) => n + 1);
                return body.StartsWith("bad", StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : Task.CompletedTask;
            },
            Options.Create(new QueueWorkerOptions()),
            host.Get<StorageRetry>(),
            TimeProvider.System,
            NullLogger<QueueWorker>.Instance);
        const string bad = "bad {\"profileId\":\"x\"} ünïcødé";
        foreach (var body in new[] { "good-1", bad, "good-2" })
        {
            await queue.SendMessageAsync(body, Ct);
        }

        await worker.DrainAsync(Ct);

        var poisoned = (await poison.ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.Equal(bad, Assert.Single(poisoned).Body.ToString());
        Assert.Equal(5, attempts[bad]);
        Assert.Equal(1, attempts["good-1"]);
        Assert.Equal(1, attempts["good-2"]);
        Assert.Equal(0, (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_malformed_score_request_ends_in_the_poison_queue_and_the_others_are_done()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var requests = host.Storage.ScoreRequests;
        await requests.SendMessageAsync("this is not a score request", Ct);
        await requests.SendMessageAsync("{\"profileId\":\"nobody-here\",\"reason\":\"manual\"}", Ct);

        await host.DrainScoreQueueAsync();

        var poisoned = (await host.Storage.PoisonOf(requests).ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.Equal("this is not a score request", Assert.Single(poisoned).Body.ToString());
        Assert.Equal(0, (await requests.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Score_requests_travel_base64_encoded_as_the_Functions_queue_trigger_expects()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);

        await host.Get<Scoring.ScoreRequestQueue>().EnqueueAsync(["demo-d1"], Scoring.ScoreRequestReason.Manual, Ct);

        var raw = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, host.Storage.QueueName(StorageNames.ScoreRequestsQueue));
        var text = (await raw.PeekMessageAsync(Ct)).Value.Body.ToString();
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
        Assert.Contains("\"profileIds\":[\"demo-d1\"]", decoded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_whose_handler_outlives_its_lease_is_kept_leased_and_delivered_once()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var queue = host.Storage.Queue("slow");
        await queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        var deliveries = 0;
        var worker = Reliability.AmbiguousOutcomeTests.Worker(
            host,
            queue,
            host.Storage.PoisonOf(queue),
            async (_, ct) =>
            {
                Interlocked.Increment(ref deliveries);
                await Task.Delay(TimeSpan.FromSeconds(30), TimeProvider.System, ct); // twice the lease
            },
            new QueueWorkerOptions { Lease = TimeSpan.FromSeconds(15) }); // renewed every 5 s: a renewal may take 10 s on an Azurite saturated by the replay tests
        await queue.SendMessageAsync("long work", Ct);

        await worker.DrainAsync(Ct);

        Assert.Equal(1, deliveries);
        Assert.Equal(0, (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Messages_of_a_receive_whose_answer_was_lost_come_back_after_one_short_lease()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var aimed = new Reliability.AimedFault(StorageFault.LostAnswer, Reliability.AimedFault.IsReceive) { Armed = true };
        var options = new QueueClientOptions { Transport = aimed.Injector.Transport() };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        var queue = new QueueClient(azurite.ConnectionString, host.Storage.QueueName("lost"), options);
        await queue.CreateIfNotExistsAsync(cancellationToken: Ct);
        var handled = new System.Collections.Concurrent.ConcurrentBag<string>();
        var worker = Reliability.AmbiguousOutcomeTests.Worker(
            host,
            queue,
            host.Storage.PoisonOf(queue),
            (body, _) =>
            {
                handled.Add(body);
                return Task.CompletedTask;
            },
            new QueueWorkerOptions { Lease = TimeSpan.FromSeconds(3) });
        foreach (var body in new[] { "a", "b", "c" })
        {
            await queue.SendMessageAsync(body, Ct);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await worker.DrainAsync(Ct);

        Assert.Equal(1, aimed.Injector.Injected);
        Assert.Equal(["a", "b", "c"], handled.Distinct().Order(StringComparer.Ordinal)); // at least once each
        Assert.Equal(0, (await host.Storage.Queue("lost").GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(60)); // one lease, not minutes
    }

    [Fact]
    public async Task A_poison_message_lands_intact_in_the_poison_queue_with_20_percent_storage_faults_too()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var injector = new StorageFaultInjector(new StorageFaultOptions { Rate = 0.2, Seed = 5 });
        var options = new QueueClientOptions { Transport = injector.Transport(), MessageEncoding = QueueMessageEncoding.Base64 };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        var queue = new QueueClient(azurite.ConnectionString, host.Storage.QueueName("faulty"), options);
        var poison = new QueueClient(azurite.ConnectionString, StorageNames.PoisonQueueOf(queue.Name), options);
        var setUp = host.Storage.Queue("faulty"); // the test's own calls go around the fault seam
        await setUp.CreateIfNotExistsAsync(cancellationToken: Ct);
        var good = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        const string bad = "bad {\"profileId\":\"x\"} ünïcødé";
        var worker = Reliability.AmbiguousOutcomeTests.Worker(
            host,
            queue,
            poison,
            (body, _) =>
            {
                if (body == bad)
                {
                    throw new InvalidOperationException("boom");
                }

                good.AddOrUpdate(body, 1, (_, n) => n + 1);
                return Task.CompletedTask;
            },
            new QueueWorkerOptions { Lease = TimeSpan.FromSeconds(10) });
        var bodies = Enumerable.Range(0, 20).Select(i => $"good-{i}").Append(bad).ToList();
        foreach (var body in bodies)
        {
            await setUp.SendMessageAsync(body, Ct);
        }

        await worker.DrainAsync(Ct);

        // Read back through clients without the fault seam.
        var poisoned = (await host.Storage.PoisonOf(setUp).ReceiveMessagesAsync(32, cancellationToken: Ct)).Value;
        Assert.True(injector.Injected > 0, "the seam injected faults");
        Assert.NotEmpty(poisoned);
        Assert.All(poisoned, m => Assert.Equal(bad, m.Body.ToString())); // a lost answer on the poison send may leave a copy
        Assert.Equal(bodies.Where(b => b != bad).Order(StringComparer.Ordinal), good.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, (await setUp.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount);
    }
}
