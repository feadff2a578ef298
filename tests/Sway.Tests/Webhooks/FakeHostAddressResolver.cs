using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Sway.Webhooks.Receivers;

namespace Sway.Tests.Webhooks;

/// <summary>
/// Answers from a table instead of DNS. A host may have several answers: each call takes the next, and the last one
/// repeats (so a name can resolve to a public address first and to loopback afterwards). Unknown hosts do not resolve.
/// </summary>
internal sealed class FakeHostAddressResolver : IHostAddressResolver
{
    private readonly Dictionary<string, string[][]> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the answers of <paramref name="host"/>, in the order they are given out.</summary>
    public FakeHostAddressResolver Answer(string host, params string[][] answers)
    {
        _answers[host] = answers;
        return this;
    }

    /// <summary>How many times <paramref name="host"/> was resolved.</summary>
    public int Calls(string host) => _calls.GetValueOrDefault(host);

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var call = _calls.AddOrUpdate(host, 1, (_, calls) => calls + 1);
        if (!_answers.TryGetValue(host, out var answers))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var answer = answers[Math.Min(call, answers.Length) - 1];
        return Task.FromResult<IReadOnlyList<IPAddress>>([.. answer.Select(IPAddress.Parse)]);
    }
}
