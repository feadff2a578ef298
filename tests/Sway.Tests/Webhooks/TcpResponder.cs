using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sway.Tests.Webhooks;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1: answers each connection once with a fixed response and closes it. Enough to
/// show that a handler really connected (or, through <see cref="Pending"/>, that nothing tried to).
/// </summary>
internal sealed class TcpResponder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _requests;

    /// <summary>Listens without answering (nothing should connect).</summary>
    public TcpResponder()
    {
        _listener.Start();
        _serving = Task.CompletedTask;
    }

    /// <summary>Answers every request with <paramref name="response"/> (status line and headers; the body is empty).</summary>
    public TcpResponder(string response)
        : this() => _serving = ServeAsync(response, _stop.Token);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Whether a connection is waiting to be accepted.</summary>
    public bool Pending => _listener.Pending();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ServeAsync(string response, CancellationToken cancellationToken)
    {
        var answer = Encoding.ASCII.GetBytes(response.ReplaceLineEndings("\r\n") + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Interlocked.Increment(ref _requests);
            await stream.WriteAsync(answer, cancellationToken);
        }
    }
}
