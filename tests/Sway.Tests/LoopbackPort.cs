using System.Net;
using System.Net.Sockets;

namespace Sway.Tests;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago, for a process the test starts to listen on.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
