using Sway.Storage.Faults;

namespace Sway.Tests.Reliability;

/// <summary>
/// A fault seam aimed at one call: the first request that matches, once armed, meets <see cref="Fault"/>; every
/// other call goes through untouched. <see cref="Injector"/> counts what was injected, so a test can show that the
/// fault it is about really happened.
/// </summary>
internal sealed class AimedFault
{
    private readonly Func<HttpRequestMessage, bool> _matches;
    private int _fired;

    public AimedFault(StorageFault fault, Func<HttpRequestMessage, bool> matches)
    {
        Fault = fault;
        _matches = matches;
        Injector = new StorageFaultInjector(new StorageFaultOptions { Rate = 0.5 }, Decide, new SocketsHttpHandler());
    }

    public StorageFault Fault { get; }

    public StorageFaultInjector Injector { get; }

    public bool Armed { get; set; }

    /// <summary>Settings that switch the seam on in a host (the aimed injector then replaces the seeded one).</summary>
    public static (string, string?)[] On => [("Storage:Faults:Rate", "0.5"), ("Storage:RetryDelay", "00:00:00.020")];

    public static bool IsDelete(HttpRequestMessage request) => request.Method == HttpMethod.Delete;

    public static bool IsReceive(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/messages", StringComparison.Ordinal)
        && !request.RequestUri.Query.Contains("peekonly", StringComparison.OrdinalIgnoreCase);

    public static bool IsTransaction(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal);

    private StorageFault Decide(HttpRequestMessage request) =>
        Armed && _matches(request) && Interlocked.Exchange(ref _fired, 1) == 0 ? Fault : StorageFault.None;
}
