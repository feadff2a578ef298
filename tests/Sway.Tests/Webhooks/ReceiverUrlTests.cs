using System.Net;
using Sway.Webhooks.Receivers;

namespace Sway.Tests.Webhooks;

/// <summary>The subscription-time check of a receiver URL: https to public addresses only, every address of a name.</summary>
public sealed class ReceiverUrlTests
{
    private const string PublicAddress = "93.184.216.34";

    /// <summary>One row per forbidden class (and per range or form within it): an address and its class in words.</summary>
    public static TheoryData<string, string> ForbiddenAddresses => new()
    {
        { "127.0.0.1", "a loopback address" },
        { "::1", "a loopback address" },
        { "10.0.0.5", "a private address" },
        { "172.16.5.4", "a private address" },
        { "192.168.1.1", "a private address" },
        { "169.254.10.10", "a link-local address" },
        { "fe80::1", "a link-local address" },
        { "fd12:3456:789a::1", "a unique-local address" },
        { "100.64.0.1", "a carrier-grade NAT (shared) address" },
        { "224.0.0.1", "a multicast address" },
        { "ff02::1", "a multicast address" },
        { "0.0.0.0", "an unspecified address" },
        { "::", "an unspecified address" },
        { "::ffff:127.0.0.1", "a loopback address" },
        { "::ffff:10.0.0.1", "a private address" },
        { "169.254.169.254", "a cloud metadata address" },
        { "168.63.129.16", "a cloud metadata address" },
        { "255.255.255.255", "the broadcast address" },
        { "240.0.0.1", "a reserved address" },
        { "198.18.0.1", "a reserved address" },
        { "64:ff9b::a9fe:a9fe", "a cloud metadata address" },
        { "2002:7f00:1::", "a loopback address" },
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(ForbiddenAddresses))]
    public async Task A_subscription_to_a_forbidden_address_literal_is_refused(string address, string description)
    {
        var literal = IPAddress.Parse(address);
        var url = literal.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"https://[{address}]/hooks" : $"https://{address}/hooks";

        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: false, new FakeHostAddressResolver(), Token);

        Assert.False(check.IsAllowed);
        Assert.Equal($"url: '{url}' is not allowed: {literal} is {description}.", check.Error);
    }

    [Theory]
    [MemberData(nameof(ForbiddenAddresses))]
    public async Task A_subscription_to_a_name_resolving_to_a_forbidden_address_is_refused(string address, string description)
    {
        var resolver = new FakeHostAddressResolver().Answer("receiver.example", [address]);

        var check = await ReceiverUrl.CheckAsync("https://receiver.example/hooks", allowLoopback: false, resolver, Token);

        Assert.False(check.IsAllowed);
        Assert.Equal($"url: 'https://receiver.example/hooks' is not allowed: receiver.example resolves to {IPAddress.Parse(address)}, {description}.", check.Error);
    }

    [Theory]
    [InlineData("https://2130706433/", "127.0.0.1 is a loopback address")]
    [InlineData("https://0x7f.1/", "127.0.0.1 is a loopback address")]
    [InlineData("https://0177.0.0.1/", "127.0.0.1 is a loopback address")]
    [InlineData("https://0x7f000001/", "127.0.0.1 is a loopback address")]
    [InlineData("https://127.1/", "127.0.0.1 is a loopback address")]
    [InlineData("https://0xa000001/", "10.0.0.1 is a private address")]
    [InlineData("https://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254 is a cloud metadata address")]
    [InlineData("https://0/", "0.0.0.0 is an unspecified address")]
    [InlineData("https://[::ffff:7f00:1]/", "::ffff:127.0.0.1 is a loopback address")]
    public async Task A_subscription_to_an_obfuscated_address_literal_is_refused(string url, string reason)
    {
        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: false, new FakeHostAddressResolver(), Token);

        Assert.False(check.IsAllowed);
        Assert.EndsWith($"is not allowed: {reason}.", check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://receiver.example/hooks")]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("ftp://receiver.example/hooks")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/hooks")]
    public async Task A_subscription_over_anything_but_https_is_refused(string url)
    {
        var resolver = new FakeHostAddressResolver().Answer("receiver.example", [PublicAddress]);

        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: false, resolver, Token);

        Assert.False(check.IsAllowed);
        Assert.EndsWith("is not allowed: webhooks are delivered over https only.", check.Error, StringComparison.Ordinal);
        Assert.Equal(0, resolver.Calls("receiver.example"));
    }

    [Fact]
    public async Task A_subscription_with_user_info_is_refused_without_repeating_the_password()
    {
        var resolver = new FakeHostAddressResolver().Answer("receiver.example", [PublicAddress]);

        var check = await ReceiverUrl.CheckAsync("https://user:hunter2@receiver.example/hooks", allowLoopback: false, resolver, Token);

        Assert.False(check.IsAllowed);
        Assert.StartsWith("url: 'https://receiver.example/hooks' is not allowed: a receiver URL carries no user-info", check.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://receiver.example/hooks#part")]
    [InlineData("https://receiver.example/hooks#")]
    public async Task A_subscription_with_a_fragment_is_refused(string url)
    {
        var resolver = new FakeHostAddressResolver().Answer("receiver.example", [PublicAddress]);

        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: false, resolver, Token);

        Assert.False(check.IsAllowed);
        Assert.EndsWith("a receiver URL has no fragment (#…).", check.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("receiver.example/hooks")]
    [InlineData("https://")]
    [InlineData("https://receiver.example:99999/")]
    public async Task A_missing_or_malformed_URL_is_refused_naming_the_field(string? url)
    {
        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: false, new FakeHostAddressResolver(), Token);

        Assert.False(check.IsAllowed);
        Assert.StartsWith("url: ", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_URL_longer_than_2048_characters_is_refused()
    {
        var resolver = new FakeHostAddressResolver().Answer("receiver.example", [PublicAddress]);
        var url = "https://receiver.example/" + new string('a', ReceiverUrl.MaxLength);

        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: false, resolver, Token);

        Assert.False(check.IsAllowed);
        Assert.EndsWith("a receiver URL has at most 2048 characters.", check.Error, StringComparison.Ordinal);
        Assert.True(check.Error.Length < 200);
    }

    [Fact]
    public async Task A_subscription_to_a_name_resolving_to_a_public_and_a_private_address_is_refused()
    {
        var resolver = new FakeHostAddressResolver().Answer("receiver.example", [PublicAddress, "10.0.0.5"]);

        var check = await ReceiverUrl.CheckAsync("https://receiver.example/hooks", allowLoopback: false, resolver, Token);

        Assert.False(check.IsAllowed);
        Assert.EndsWith("receiver.example resolves to 10.0.0.5, a private address.", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_to_a_name_that_does_not_resolve_is_refused()
    {
        var check = await ReceiverUrl.CheckAsync("https://nowhere.example/hooks", allowLoopback: false, new FakeHostAddressResolver(), Token);

        Assert.False(check.IsAllowed);
        Assert.Equal("url: 'https://nowhere.example/hooks' is not allowed: its host nowhere.example does not resolve.", check.Error);
    }

    [Fact]
    public async Task A_subscription_to_a_public_https_URL_is_accepted_and_normalised()
    {
        var resolver = new FakeHostAddressResolver().Answer("receiver.example", [PublicAddress, "2606:2800:220:1:248:1893:25c8:1946"]);

        var check = await ReceiverUrl.CheckAsync("HTTPS://Receiver.Example:443/hooks?tenant=7", allowLoopback: false, resolver, Token);

        Assert.True(check.IsAllowed, check.Error);
        Assert.Equal("https://receiver.example/hooks?tenant=7", check.Url.AbsoluteUri);
    }

    [Fact]
    public async Task A_subscription_to_a_public_address_literal_is_accepted()
    {
        var check = await ReceiverUrl.CheckAsync($"https://{PublicAddress}:8443/hooks", allowLoopback: false, new FakeHostAddressResolver(), Token);

        Assert.True(check.IsAllowed, check.Error);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("https://127.0.0.1:8443/hooks")]
    [InlineData("http://[::1]:8080/hooks")]
    [InlineData("http://localhost:8080/hooks")]
    public async Task In_development_a_subscription_to_a_loopback_receiver_is_accepted(string url)
    {
        var resolver = new FakeHostAddressResolver().Answer("localhost", ["127.0.0.1", "::1"]);

        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: true, resolver, Token);

        Assert.True(check.IsAllowed, check.Error);
    }

    [Theory]
    [InlineData("http://10.0.0.1/hooks", "10.0.0.1 is a private address.")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254 is a cloud metadata address.")]
    [InlineData("http://[::ffff:10.0.0.1]/hooks", "::ffff:10.0.0.1 is a private address.")]
    [InlineData("http://mixed.example/hooks", "mixed.example resolves to 192.168.0.2, a private address.")]
    [InlineData("http://receiver.example/hooks", "webhooks are delivered over https only. (Plain http is allowed to loopback receivers in development only.)")]
    public async Task In_development_every_class_but_loopback_is_still_refused_and_http_goes_to_loopback_only(string url, string reason)
    {
        var resolver = new FakeHostAddressResolver()
            .Answer("mixed.example", ["127.0.0.1", "192.168.0.2"])
            .Answer("receiver.example", [PublicAddress]);

        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: true, resolver, Token);

        Assert.False(check.IsAllowed);
        Assert.EndsWith($"is not allowed: {reason}", check.Error, StringComparison.Ordinal);
    }
}
