using System.Globalization;
using Sway.Scoring.Engine;

namespace Sway.Tests.Unit;

/// <summary>The engine's dense numbering of accounts.</summary>
public sealed class AccountNumberingTests
{
    [Fact]
    public void Accounts_keep_their_first_number_as_the_table_grows()
    {
        var numbering = new AccountNumbering(expected: 4);
        var network = string.GetHashCode("demo", StringComparison.Ordinal);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 10_000; i++)
            {
                var id = "a" + i.ToString(CultureInfo.InvariantCulture);
                Assert.Equal(i, numbering.NumberOf("demo", id, AccountNumbering.Hash(network, id)));
            }
        }

        Assert.Equal(10_000, numbering.Count);
        Assert.True(numbering.TryFind("demo", "a9999", out var last));
        Assert.Equal(9_999, last);
        Assert.False(numbering.TryFind("demo", "a10000", out _));
        Assert.False(numbering.TryFind("mastodon", "a1", out _));
        Assert.Equal(new AccountKey("demo", "a42"), numbering.Accounts[42]);
    }

    [Fact]
    public void The_same_id_on_two_networks_is_two_accounts()
    {
        var numbering = new AccountNumbering(expected: 16);

        var demo = numbering.NumberOf("demo", "x", AccountNumbering.Hash(string.GetHashCode("demo", StringComparison.Ordinal), "x"));
        var mastodon = numbering.NumberOf("mastodon", "x", AccountNumbering.Hash(string.GetHashCode("mastodon", StringComparison.Ordinal), "x"));

        Assert.NotEqual(demo, mastodon);
        Assert.True(numbering.TryFind("mastodon", "x", out var found));
        Assert.Equal(mastodon, found);
    }
}
