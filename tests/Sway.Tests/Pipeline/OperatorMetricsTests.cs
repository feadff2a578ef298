using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Sway.Api;
using Sway.Domain;
using Sway.Storage;
using Sway.Telemetry;

namespace Sway.Tests.Pipeline;

/// <summary>
/// The metrics an operator alerts on carry real values: queue depth and oldest age per queue and poison queue,
/// profiles per nightly run, and lookup latency by route and outcome.
/// </summary>
public sealed class OperatorMetricsTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queue_gauges_report_each_queues_depth_and_an_oldest_age_that_grows_with_the_clock()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        host.Clock.SetUtcNow(TimeProvider.System.GetUtcNow()); // storage stamps messages with real time, a moment after this
        const double Skew = 1; // seconds: the clocks of Azurite and of the test, read a few milliseconds apart
        var meters = host.Get<IMeterFactory>();
        using var depth = new MetricCollector<long>(meters, SwayTelemetry.Name, "sway.queue.depth");
        using var age = new MetricCollector<double>(meters, SwayTelemetry.Name, "sway.queue.oldest_age");
        using var poison = new MetricCollector<long>(meters, SwayTelemetry.Name, "sway.queue.poison");
        for (var i = 0; i < 3; i++)
        {
            await host.Storage.ScoreRequests.SendMessageAsync($"{{\"profileId\":\"p{i}\"}}", Ct);
        }

        await host.Storage.PoisonOf(host.Storage.ScoreRequests).SendMessageAsync("{\"profileId\":\"bad\"}", Ct);

        await host.Get<QueueSampler>().SampleAsync(Ct);
        depth.RecordObservableInstruments();
        age.RecordObservableInstruments();
        poison.RecordObservableInstruments();

        Assert.Equal(3, Latest(depth, StorageNames.ScoreRequestsQueue));
        Assert.Equal(1, Latest(depth, StorageNames.PoisonQueueOf(StorageNames.ScoreRequestsQueue)));
        Assert.Equal(0, Latest(depth, StorageNames.WebhookDeliveriesQueue));
        Assert.Equal(0, Latest(depth, StorageNames.PoisonQueueOf(StorageNames.WebhookDeliveriesQueue)));
        Assert.Equal(
            [
                (StorageNames.PoisonQueueOf(StorageNames.RescoreShardsQueue), 0L),
                (StorageNames.PoisonQueueOf(StorageNames.ScoreRequestsQueue), 1L),
                (StorageNames.PoisonQueueOf(StorageNames.WebhookDeliveriesQueue), 0L),
            ],
            poison.GetMeasurementSnapshot().Select(m => ((string)m.Tags["sway.queue"]!, m.Value)).Order());
        Assert.InRange(Latest(age, StorageNames.ScoreRequestsQueue), -Skew, 60);
        Assert.Equal(0, Latest(age, StorageNames.WebhookDeliveriesQueue));

        host.Clock.Advance(TimeSpan.FromMinutes(20));
        await host.Get<QueueSampler>().SampleAsync(Ct);
        age.RecordObservableInstruments();

        Assert.InRange(Latest(age, StorageNames.ScoreRequestsQueue), (20 * 60) - Skew, 21 * 60);
        Assert.InRange(Latest(age, StorageNames.PoisonQueueOf(StorageNames.ScoreRequestsQueue)), (20 * 60) - Skew, 21 * 60);
        Assert.Equal(0, Latest(age, StorageNames.WebhookDeliveriesQueue));
    }

    [Fact]
    public async Task A_nightly_run_counts_the_profiles_its_shards_enqueued()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        using var nightly = new MetricCollector<long>(host.Get<IMeterFactory>(), SwayTelemetry.Name, "sway.nightly.profiles");
        await host.LinkAsync("night-ann", [new LinkedAccount("mastodon", "1", "ann@example.social")]);
        await host.LinkAsync("night-ben", [new LinkedAccount("mastodon", "2", "ben@example.social")]);

        await host.RunNightlyAsync();

        Assert.Equal(2, nightly.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Each_lookup_records_its_latency_by_route_and_outcome()
    {
        // The wall clock here, so that the latency is the real one against storage.
        await using var host = await SwayTestHost.StartAsync(azurite, SwayTestHost.NewPrefix(), s => s.AddSingleton(TimeProvider.System));
        using var latency = new MetricCollector<double>(host.Get<IMeterFactory>(), SwayTelemetry.Name, "sway.lookup.duration");

        await host.Http.GetAsync(new Uri("/api/scores/mastodon/nobody@example.social", UriKind.Relative), Ct);
        await host.Http.GetAsync(new Uri("/api/scores/demo/", UriKind.Relative), Ct);
        await host.Http.GetAsync(new Uri("/api/profiles/no-such-profile/score", UriKind.Relative), Ct);

        var measurements = latency.GetMeasurementSnapshot()
            .Select(m => ((string)m.Tags["sway.route"]!, (int)m.Tags["sway.outcome"]!, m.Value))
            .ToList();
        Assert.Equal(
            [(ScoreLookup.ByHandleRoute, 404), (ScoreLookup.ByHandleRoute, 400), (ScoreLookup.ByProfileRoute, 404)],
            measurements.Select(m => (m.Item1, m.Item2)));
        Assert.All(measurements.Where(m => m.Item2 == 404), m => Assert.True(m.Value > 0, "a lookup that read storage took no time"));
    }

    private static T Latest<T>(MetricCollector<T> collector, string queue)
        where T : struct =>
        collector.GetMeasurementSnapshot().Last(m => (string?)m.Tags["sway.queue"] == queue).Value;
}
