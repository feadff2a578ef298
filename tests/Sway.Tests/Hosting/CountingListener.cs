using System.Net;
using System.Net.Sockets;

namespace Sway.Tests.Hosting;

/// <summary>
/// A TCP listener on 127.0.0.1 that stands in for a storage account: it counts every connection made to it and closes
/// it unanswered, so any storage call a host makes shows up in <see cref="Connections"/> (and fails).
/// </summary>
internal sealed class CountingListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public CountingListener()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A storage connection string whose table and queue endpoints are this listener.</summary>
    public string ConnectionString
    {
        get
        {
            var endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/devstoreaccount1";
            return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                $"QueueEndpoint={endpoint};TableEndpoint={endpoint};";
        }
    }

    /// <summary>The same listener as service addresses, the shape the Functions app's settings use in Azure.</summary>
    public Uri ServiceUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/devstoreaccount1");

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _accepting;
        _listener.Stop();
        _stop.Dispose();
    }
}
