using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Sway.Ingestion;
using Sway.Telemetry;

namespace Sway.Tests.Pipeline;

/// <summary>The pipeline reports what it did as metrics an operator can export (OpenTelemetry meter "Sway").</summary>
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pull_and_its_scoring_are_counted_in_the_Sway_meter()
    {
        await using var host = await SwayTestHost.StartAsync(
            azurite,
            ("Ingestion:Demo:Enabled", "true"),
            ("Ingestion:Demo:Accounts", "30"),
            ("Ingestion:Demo:ReactionsPerMinute", "1"),
            ("Ingestion:Demo:BackfillDays", "1"));
        var meters = host.Get<IMeterFactory>();
        using var stored = new MetricCollector<long>(meters, SwayTelemetry.Name, "sway.interactions.stored");
        using var scored = new MetricCollector<long>(meters, SwayTelemetry.Name, "sway.profiles.scored");
        using var scores = new MetricCollector<int>(meters, SwayTelemetry.Name, "sway.score");

        var report = await host.Get<ActivityPuller>().PullAsync(Ct);
        await host.DrainScoreQueueAsync();

        Assert.Equal(report.Stored, stored.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(report.Requests, scored.GetMeasurementSnapshot().Sum(m => m.Value)); // one scoring per profile asked for
        Assert.All(scores.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 1, 100));
    }
}
