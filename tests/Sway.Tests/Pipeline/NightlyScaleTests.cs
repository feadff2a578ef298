using System.Diagnostics;

namespace Sway.Tests.Pipeline;

/// <summary>The nightly fan-out at scale on Azurite, through the local host's own workers.</summary>
public sealed class NightlyScaleTests(AzuriteFixture azurite)
{
    private const int Profiles = 20_000;

    [Fact]
    public async Task A_nightly_run_over_20000_profiles_scores_every_profile_exactly_once_into_history()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var watch = Stopwatch.StartNew();
        var ids = await NightlyFanOutTests.SeedAsync(host, Profiles);
        var seeded = watch.Elapsed;

        watch.Restart();
        await host.RunNightlyAsync();
        var night = watch.Elapsed;

        var days = await TableSnapshot.AllAsync(host.Storage.Scores, "RowKey gt 'day|' and RowKey lt 'day}'");
        TestContext.Current.TestOutputHelper?.WriteLine($"seeded {Profiles:N0} profiles in {seeded.TotalSeconds:F1} s; nightly fan-out and scoring in {night.TotalSeconds:F1} s");
        var perProfile = days.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(Profiles, days.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), perProfile.Keys.Order(StringComparer.Ordinal));
        Assert.All(perProfile, p => Assert.Equal(1, p.Value));
        Assert.All(days, r => Assert.Equal($"day|{SwayTestHost.Start:yyyy-MM-dd}", r.RowKey));
        Assert.Equal(0, await CountAsync(host.Storage.RescoreShards));
        Assert.Equal(0, await CountAsync(host.Storage.PoisonOf(host.Storage.ScoreRequests)));
    }

    private static async Task<int> CountAsync(Azure.Storage.Queues.QueueClient queue) =>
        (await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount;
}
