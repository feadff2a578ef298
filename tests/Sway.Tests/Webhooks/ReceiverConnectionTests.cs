using System.Net;
using System.Net.Sockets;
using Sway.Webhooks.Receivers;

namespace Sway.Tests.Webhooks;

/// <summary>The connect-time check: addresses are checked again when a delivery connects, so DNS rebinding gets nowhere.</summary>
public sealed class ReceiverConnectionTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_name_rebound_to_loopback_after_subscribing_is_refused_at_connect_time()
    {
        await using var receiver = new TcpResponder();
        var url = $"https://rebind.example:{receiver.Port}/hooks";
        var resolver = new FakeHostAddressResolver().Answer("rebind.example", ["93.184.216.34"], ["127.0.0.1"]);

        var check = await ReceiverUrl.CheckAsync(url, allowLoopback: false, resolver, Token);
        Assert.True(check.IsAllowed, check.Error);

        using var client = Client(allowLoopback: false, resolver);
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(check.Url, new StringContent("{}"), Token));

        var refusal = Assert.IsType<ReceiverAddressRefusedException>(failure.InnerException);
        Assert.Equal(("rebind.example", IPAddress.Loopback, AddressClass.Loopback), (refusal.Host, refusal.Address, refusal.AddressClass));
        Assert.Contains("rebind.example resolves to 127.0.0.1, a loopback address", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(2, resolver.Calls("rebind.example"));
        Assert.False(receiver.Pending);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task An_address_literal_is_checked_at_connect_time_too(string host)
    {
        await using var receiver = new TcpResponder();
        using var client = Client(allowLoopback: false, new FakeHostAddressResolver());

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://{host}:{receiver.Port}/", Token));

        Assert.Equal(AddressClass.Loopback, Assert.IsType<ReceiverAddressRefusedException>(failure.InnerException).AddressClass);
        Assert.False(receiver.Pending);
    }

    [Fact]
    public async Task A_name_with_a_forbidden_address_among_public_ones_is_refused_at_connect_time()
    {
        var resolver = new FakeHostAddressResolver().Answer("mixed.example", ["93.184.216.34", "169.254.169.254"]);
        using var client = Client(allowLoopback: true, resolver);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://mixed.example/", Token));

        Assert.Equal(AddressClass.CloudMetadata, Assert.IsType<ReceiverAddressRefusedException>(failure.InnerException).AddressClass);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("receiver.test")]
    public async Task In_development_the_handler_connects_to_a_loopback_receiver(string host)
    {
        await using var receiver = new TcpResponder("HTTP/1.1 200 OK\n");
        var resolver = new FakeHostAddressResolver().Answer("receiver.test", ["127.0.0.1"]);
        using var client = Client(allowLoopback: true, resolver);

        using var response = await client.PostAsync($"http://{host}:{receiver.Port}/hooks", new StringContent("{}"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, receiver.Requests);
    }

    [Fact]
    public async Task The_handler_does_not_follow_redirects()
    {
        await using var receiver = new TcpResponder("HTTP/1.1 302 Found\nLocation: http://127.0.0.1:1/elsewhere\n");
        using var client = Client(allowLoopback: true, new FakeHostAddressResolver());

        using var response = await client.PostAsync($"http://127.0.0.1:{receiver.Port}/hooks", new StringContent("{}"), Token);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(1, receiver.Requests);
    }

    [Fact]
    public void The_handler_uses_no_proxy_no_cookies_no_decompression_and_recycles_connections()
    {
        using var handler = ReceiverConnection.CreateHandler(allowLoopback: false, new FakeHostAddressResolver(), ConnectTimeout);

        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.False(handler.UseCookies);
        Assert.Equal(DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.InRange(handler.PooledConnectionLifetime, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
        Assert.Equal(ConnectTimeout, handler.ConnectTimeout);
        Assert.NotNull(handler.ConnectCallback);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_fails_as_a_name_resolution_error()
    {
        using var client = Client(allowLoopback: false, new FakeHostAddressResolver());

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://nowhere.example/", Token));

        Assert.Equal(HttpRequestError.NameResolutionError, failure.HttpRequestError);
        Assert.IsType<SocketException>(failure.InnerException);
    }

    private static HttpClient Client(bool allowLoopback, IHostAddressResolver resolver) =>
        new(ReceiverConnection.CreateHandler(allowLoopback, resolver, ConnectTimeout)) { Timeout = TimeSpan.FromSeconds(10) };
}
