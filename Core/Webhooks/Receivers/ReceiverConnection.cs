using System.Net;
using System.Net.Sockets;

namespace Sway.Webhooks.Receivers;

/// <summary>
/// The HTTP handler that deliveries go through. Its <see cref="SocketsHttpHandler.ConnectCallback"/> resolves the
/// receiver's host itself and refuses to connect when any address is not allowed (<see cref="ReceiverAddress"/>), so a
/// name that resolved to a public address at subscription time and to an internal one now (DNS rebinding) gets
/// nowhere. Redirects are not followed, and no proxy is used (it would connect in our place, unchecked).
/// </summary>
public static class ReceiverConnection
{
    /// <summary>How long a pooled connection is reused: short, so that a receiver's DNS changes are seen (and checked).</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(1);

    public static SocketsHttpHandler CreateHandler(bool allowLoopback, IHostAddressResolver resolver, TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = PooledConnectionLifetime,
        ConnectTimeout = connectTimeout,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowLoopback, resolver, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowLoopback, IHostAddressResolver resolver, CancellationToken cancellationToken)
    {
        var addresses = await ReceiverAddress.ResolveAsync(endPoint.Host, resolver, cancellationToken);
        if (addresses.Count == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            var addressClass = ReceiverAddress.Classify(address);
            if (!ReceiverAddress.IsAllowed(addressClass, allowLoopback))
            {
                throw new ReceiverAddressRefusedException(endPoint.Host, address, addressClass);
            }
        }

        // Dual-mode: one socket reaches IPv4 and IPv6 addresses; ConnectAsync tries them in turn.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. addresses], endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
