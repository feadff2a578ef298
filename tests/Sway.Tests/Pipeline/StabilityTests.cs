using Sway.Domain;
using Sway.Storage;

namespace Sway.Tests.Pipeline;

/// <summary>
/// Calibrated and stable: a profile whose activity does not change moves at most 2 points from one nightly run to
/// the next, through the whole pipeline (nightly fan-out, queue, scorer, daily history).
/// </summary>
public sealed class StabilityTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_profile_with_no_new_activity_moves_at_most_two_points_a_night_over_a_week_of_nightly_runs()
    {
        await using var host = await SwayTestHost.StartAsync(azurite);
        var now = host.Clock.GetUtcNow();
        var received = Enumerable.Range(0, 60)
            .Select(i => new Interaction(
                $"quiet-{i}",
                "mastodon",
                $"fan{i % 25}",
                "quiet",
                (InteractionType)(i % 5),
                $"p{i % 7}",
                now.AddDays(-(i % 30)).AddHours(-1)))
            .ToArray();
        await host.LinkAsync("quiet-one", [new LinkedAccount("mastodon", "quiet", "quiet@a.social")], received);

        for (var night = 0; night < 7; night++)
        {
            await host.RunNightlyAsync();
            host.Clock.Advance(TimeSpan.FromDays(1));
        }

        var history = await host.Get<ScoreStore>().GetHistoryAsync("quiet-one", Ct);
        Assert.Equal(7, history.Count);
        Assert.True(history[0].Score > 20, $"the profile should have a real score to keep, not {history[0].Score}");
        Assert.All(history.Zip(history.Skip(1)), step =>
            Assert.True(Math.Abs(step.Second.Score - step.First.Score) <= 2, $"{step.First.Day}: {step.First.Score} → {step.Second.Day}: {step.Second.Score}"));
    }
}
