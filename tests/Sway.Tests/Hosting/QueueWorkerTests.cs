using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sway.Cli.Hosting;
using Sway.Storage;

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
        Assert.Contains("\"profileId\":\"demo-d1\"", decoded, StringComparison.Ordinal);
    }
}
