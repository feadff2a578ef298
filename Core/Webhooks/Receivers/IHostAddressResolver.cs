using System.Net;

namespace Sway.Webhooks.Receivers;

/// <summary>Resolves a host name to its A and AAAA addresses (a seam, so that tests can answer without DNS).</summary>
public interface IHostAddressResolver
{
    /// <summary>Every address of <paramref name="host"/>; throws <see cref="System.Net.Sockets.SocketException"/> when it has none.</summary>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
