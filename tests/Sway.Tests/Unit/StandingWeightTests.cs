using Sway.Scoring.Engine;

namespace Sway.Tests.Unit;

/// <summary>How a reactor's standing turns into the weight of its reactions.</summary>
public sealed class StandingWeightTests
{
    [Fact]
    public void No_standing_weighs_the_floor_and_the_cap_or_more_weighs_1()
    {
        var weight = new StandingWeight(0.25, 10);

        Assert.Equal(0.25, weight.Of(0));
        Assert.Equal(1, weight.Of(10));
        Assert.Equal(1, weight.Of(1_000));
        Assert.Equal(0.25 + (0.75 * 0.1), weight.Of(1), 12);
    }

    [Fact]
    public void The_weight_never_falls_as_standing_grows()
    {
        var weight = StandingWeight.Default;
        var previous = weight.Of(0);
        for (var standing = 0.0; standing <= 20; standing += 0.01)
        {
            var next = weight.Of(standing);
            Assert.True(next >= previous, $"{standing}: {next} < {previous}");
            previous = next;
        }
    }

    [Fact]
    public void Off_weighs_every_reactor_1()
    {
        Assert.True(StandingWeight.Off.IsOff);
        Assert.All(new[] { 0, 0.5, 1, 10, 1e6 }, s => Assert.Equal(1, StandingWeight.Off.Of(s)));
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StandingWeight(-0.1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StandingWeight(1.1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StandingWeight(0.25, 0));
    }
}
