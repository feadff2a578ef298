using Sway.Domain;

namespace Sway.Tests.Unit;

/// <summary>Profile ids: safe in URLs and table keys, deterministic for automatically enrolled accounts.</summary>
public sealed class ProfileIdTests
{
    private static readonly (string Network, string AccountId)[] Accounts =
    [
        ("higgs", "88"),
        ("higgs", "0088"),
        ("higgs", "8"),
        ("demo", "d1"),
        ("demo", "d10"),
        ("bluesky", "did:plc:z72i7hdynmk6r22z27h6tvur"),
        ("bluesky", "did:plc:Z72i7hdynmk6r22z27h6tvur"),
        ("mastodon", "109348720"),
        ("mastodon", "ABC"),
        ("mastodon", "abc"),
        ("mastodon", "a-b"),
        ("mastodon-a", "b"),
        ("mastodon", "a_b"),
        ("mastodon", "a.b"),
        ("mastodon", ""),
        ("mastodon", "-"),
        ("mastodon", "é"),
        ("mastodon", "e\u0301"),
        ("mastodon", "a/b"),
        ("mastodon", "a|b"),
        ("mastodon", "a b"),
        ("mastodon", new string('1', 56)),
        ("mastodon", new string('1', 55)),
        ("mastodon", new string('1', 300)),
        ("higgs", "88\n"),
    ];

    [Fact]
    public void ForAccount_is_deterministic()
    {
        foreach (var (network, accountId) in Accounts)
        {
            Assert.Equal(ProfileId.ForAccount(network, accountId), ProfileId.ForAccount(network, accountId));
        }
    }

    [Fact]
    public void ForAccount_always_gives_a_valid_id()
    {
        foreach (var (network, accountId) in Accounts)
        {
            var id = ProfileId.ForAccount(network, accountId);

            Assert.True(ProfileId.IsValid(id), $"{network}/{accountId} -> {id}");
            Assert.InRange(id.Length, 1, ProfileId.MaxLength);
        }
    }

    [Fact]
    public void ForAccount_never_gives_control_characters()
    {
        foreach (var (network, accountId) in Accounts)
        {
            var id = ProfileId.ForAccount(network, accountId);

            Assert.False(id.Any(char.IsControl), $"{network}/{accountId} -> {id}");
        }
    }

    [Fact]
    public void ForAccount_gives_different_accounts_different_ids()
    {
        var ids = Accounts.Select(a => ProfileId.ForAccount(a.Network, a.AccountId)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ForAccount_cannot_be_forged_by_an_account_id_shaped_like_a_hashed_id()
    {
        var hashed = ProfileId.ForAccount("bluesky", "did:plc:z72i7hdynmk6r22z27h6tvur");
        var forged = hashed["bluesky-".Length..];

        Assert.NotEqual(hashed, ProfileId.ForAccount("bluesky", forged));
    }

    [Theory]
    [InlineData("higgs", "88")]
    [InlineData("demo", "d42")]
    public void ForAccount_keeps_plain_ids_readable(string network, string accountId)
    {
        Assert.Equal($"{network}-{accountId}", ProfileId.ForAccount(network, accountId));
    }

    [Theory]
    [InlineData("bluesky", "did:plc:z72i7hdynmk6r22z27h6tvur")]
    [InlineData("mastodon", "ABC")]
    [InlineData("mastodon", "a-b")]
    [InlineData("mastodon", "a/b")]
    public void ForAccount_hashes_ids_that_are_not_plain(string network, string accountId)
    {
        var id = ProfileId.ForAccount(network, accountId);

        Assert.StartsWith(network + "-", id, StringComparison.Ordinal);
        Assert.DoesNotContain(accountId, id, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("higgs-88")]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("demo-d1")]
    public void IsValid_accepts_lower_case_letters_digits_and_dashes(string id)
    {
        Assert.True(ProfileId.IsValid(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-higgs")]
    [InlineData("Higgs-88")]
    [InlineData("higgs_88")]
    [InlineData("higgs 88")]
    [InlineData("higgs/88")]
    [InlineData("higgs-88\n")]
    [InlineData("higgs-88\r")]
    [InlineData("\nhiggs-88")]
    public void IsValid_rejects_anything_else(string? id)
    {
        Assert.False(ProfileId.IsValid(id));
    }

    [Fact]
    public void IsValid_rejects_ids_longer_than_the_maximum()
    {
        Assert.True(ProfileId.IsValid(new string('a', ProfileId.MaxLength)));
        Assert.False(ProfileId.IsValid(new string('a', ProfileId.MaxLength + 1)));
    }
}
