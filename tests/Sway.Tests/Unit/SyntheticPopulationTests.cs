using Sway.Ingestion;

namespace Sway.Tests.Unit;

/// <summary>The demo population: reproducible from its seed, with a few bots.</summary>
public sealed class SyntheticPopulationTests
{
    [Fact]
    public void The_same_seed_gives_the_same_population()
    {
        var first = new SyntheticPopulation(42, 1_000);
        var second = new SyntheticPopulation(42, 1_000);

        Assert.Equal(first.Bots, second.Bots);
        Assert.Equal(Enumerable.Range(0, 1_000).Select(first.HandleOf), Enumerable.Range(0, 1_000).Select(second.HandleOf));
        Assert.Equal(first.Bots.Select(first.BotTarget), second.Bots.Select(second.BotTarget));
    }

    [Fact]
    public void Different_seeds_give_different_bots()
    {
        var first = new SyntheticPopulation(1, 1_000);
        var second = new SyntheticPopulation(2, 1_000);

        Assert.NotEqual(first.Bots, second.Bots);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(500)]
    [InlineData(10_000)]
    public void A_small_share_of_accounts_are_bots(int accounts)
    {
        var population = new SyntheticPopulation(7, accounts);

        Assert.InRange(population.Bots.Count, 3, Math.Max(3, accounts / 20));
        Assert.All(population.Bots, b => Assert.True(population.IsBot(b)));
        Assert.Equal(population.Bots.Count, Enumerable.Range(0, accounts).Count(population.IsBot));
    }

    [Fact]
    public void Bots_target_someone_else()
    {
        var population = new SyntheticPopulation(7, 500);

        Assert.All(population.Bots, b => Assert.NotEqual(b, population.BotTarget(b)));
    }

    [Fact]
    public void AccountId_and_IndexOf_are_inverse()
    {
        Assert.All(Enumerable.Range(0, 2_000), i => Assert.Equal(i, SyntheticPopulation.IndexOf(SyntheticPopulation.AccountId(i))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("d0")]
    [InlineData("x1")]
    [InlineData("d-1")]
    [InlineData("d+1")]
    [InlineData("d 1")]
    [InlineData("d99999999999")]
    public void IndexOf_is_negative_for_anything_but_a_demo_account_id(string accountId)
    {
        Assert.True(SyntheticPopulation.IndexOf(accountId) < 0);
    }

    [Fact]
    public void A_population_needs_at_least_ten_accounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticPopulation(1, 9));
    }
}
