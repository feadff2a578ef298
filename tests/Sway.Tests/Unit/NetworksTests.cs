using Sway.Domain;

namespace Sway.Tests.Unit;

/// <summary>The networks Sway knows, looked up by name.</summary>
public sealed class NetworksTests
{
    [Theory]
    [InlineData("mastodon")]
    [InlineData("MASTODON")]
    [InlineData("BlueSky")]
    [InlineData("Higgs")]
    [InlineData("dEmO")]
    public void TryGet_finds_a_known_network_whatever_the_case(string name)
    {
        Assert.True(Networks.TryGet(name, out var network));
        Assert.Equal(name.ToLowerInvariant(), network.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("myspace")]
    [InlineData(" mastodon")]
    [InlineData("mastodon ")]
    [InlineData("x")]
    public void TryGet_rejects_an_unknown_network(string? name)
    {
        Assert.False(Networks.TryGet(name, out var network));
        Assert.Null(network);
    }

    [Fact]
    public void Get_throws_for_an_unknown_network()
    {
        Assert.Throws<ArgumentException>(() => Networks.Get("myspace"));
    }

    [Fact]
    public void Every_network_has_a_unique_lower_case_name_that_looks_it_up()
    {
        Assert.Equal(Networks.All.Count, Networks.All.Select(n => n.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(Networks.All, n =>
        {
            Assert.Equal(n.Name.ToLowerInvariant(), n.Name);
            Assert.Same(n, Networks.Get(n.Name));
        });
    }
}
