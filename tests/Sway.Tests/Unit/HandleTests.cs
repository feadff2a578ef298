using Sway.Domain;

namespace Sway.Tests.Unit;

/// <summary>Handles from outside are validated per network and normalised before they reach storage.</summary>
public sealed class HandleTests
{
    public static TheoryData<string, string, string> ValidHandles => new()
    {
        { "mastodon", "User@Instance.Social", "user@instance.social" },
        { "mastodon", "gargron", "gargron" },
        { "bluesky", "Alice.Bsky.Social", "alice.bsky.social" },
        { "twitter", "Jack", "jack" },
        { "twitter", "a_b_123", "a_b_123" },
        { "higgs", "88", "88" },
        { "demo", "quiet_otter_1", "quiet_otter_1" },
    };

    public static TheoryData<string, string> InvalidHandles => new()
    {
        { "twitter", "ja/ck" },
        { "twitter", "ja\\ck" },
        { "twitter", "ja#ck" },
        { "twitter", "ja?ck" },
        { "mastodon", "user@inst/ance.social" },
        { "mastodon", "user@instance.social?x=1" },
        { "bluesky", "alice.bsky.social#top" },
        { "bluesky", "alice\\bsky.social" },
        { "twitter", "jack\n" },
        { "twitter", "ja\u0000ck" },
        { "twitter", "jack\u007f" },
        { "twitter", "jack\u0085" },
        { "bluesky", "alice.bsky.social\r\n" },
        { "twitter", " jack" },
        { "twitter", "jack " },
        { "twitter", "ja ck" },
        { "twitter", "\tjack" },
        { "twitter", "\u00a0jack" },
        { "twitter", "   " },
        { "twitter", "@@jack" },
        { "twitter", "abcdefghijklmnop" },
        { "bluesky", "alice" },
        { "higgs", "abc" },
        { "demo", "quiet-otter" },
        { "mastodon", "user@" },
        { "twitter", "jäck" },
    };

    [Theory]
    [MemberData(nameof(ValidHandles))]
    public void TryNormalize_accepts_and_lower_cases_a_valid_handle(string network, string raw, string expected)
    {
        var ok = Handle.TryNormalize(Networks.Get(network), raw, out var handle, out var error);

        Assert.True(ok, error);
        Assert.Equal(expected, handle);
    }

    [Theory]
    [InlineData("twitter", "@Jack", "jack")]
    [InlineData("mastodon", "@user@instance.social", "user@instance.social")]
    [InlineData("bluesky", "@alice.bsky.social", "alice.bsky.social")]
    public void TryNormalize_strips_one_leading_at_sign(string network, string raw, string expected)
    {
        Assert.True(Handle.TryNormalize(Networks.Get(network), raw, out var handle, out _));
        Assert.Equal(expected, handle);
    }

    [Theory]
    [MemberData(nameof(InvalidHandles))]
    public void TryNormalize_rejects_an_invalid_handle_with_a_reason(string network, string raw)
    {
        var ok = Handle.TryNormalize(Networks.Get(network), raw, out var handle, out var error);

        Assert.False(ok);
        Assert.Null(handle);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@")]
    public void TryNormalize_rejects_an_empty_handle(string? raw)
    {
        foreach (var network in Networks.All)
        {
            Assert.False(Handle.TryNormalize(network, raw, out _, out var error));
            Assert.NotNull(error);
        }
    }

    [Fact]
    public void TryNormalize_rejects_a_2000_character_handle_without_echoing_it()
    {
        var raw = new string('a', 2_000);

        foreach (var network in Networks.All)
        {
            Assert.False(Handle.TryNormalize(network, raw, out _, out var error));
            Assert.True(error.Length < 200, error);
        }
    }

    [Fact]
    public void TryNormalize_error_messages_never_contain_control_characters()
    {
        var raws = InvalidHandles.Select(row => row.Data.Item2)
            .Concat(["\u0001\u0002evil\u001b[31m", "a/\n" + new string('x', 100), "\u0000"]);

        foreach (var network in Networks.All)
        {
            foreach (var raw in raws)
            {
                Handle.TryNormalize(network, raw, out _, out var error);

                Assert.True(error is null || !error.Any(char.IsControl), $"{network}: {error}");
            }
        }
    }

    [Fact]
    public void Printable_shortens_long_input_and_replaces_control_characters()
    {
        var printable = Handle.Printable("\n" + new string('x', 500));

        Assert.DoesNotContain(printable, char.IsControl);
        Assert.True(printable.Length <= 65, $"{printable.Length} characters");
    }

    [Fact]
    public void A_normalized_handle_normalizes_to_itself()
    {
        foreach (var row in ValidHandles)
        {
            var (network, raw, _) = row.Data;
            Handle.TryNormalize(Networks.Get(network), raw, out var once, out _);

            Assert.True(Handle.TryNormalize(Networks.Get(network), once, out var twice, out _));
            Assert.Equal(once, twice);
        }
    }
}
