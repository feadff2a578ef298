using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;
using Polly.Simmy.Outcomes;

namespace Sway.Storage.Faults;

/// <summary>
/// The fault seam under every storage client (see <see cref="StorageFaultOptions"/>): an HTTP handler between the
/// Azure SDK and the network, built on Polly's chaos strategies. Before a call reaches storage it may be slowed
/// (<c>AddChaosLatency</c>), refused with 503 or 500 (<c>AddChaosOutcome</c>) or timed out (<c>AddChaosFault</c>);
/// after storage has carried it out, its answer may be lost (<c>AddChaosFault</c>: the SDK sees a dropped connection).
/// Which call fails is decided from the seed, the request (method, path and query, body length) and how many times
/// that same request was seen, so a given seed fails the same calls however the work is interleaved.
/// </summary>
public sealed class StorageFaultInjector : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<StorageFault> FaultKey = new("sway.storage.fault");
    private readonly StorageFaultOptions _options;
    private readonly Func<HttpRequestMessage, StorageFault> _decide;
    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly ResiliencePipeline<HttpResponseMessage> _beforeStorage;
    private readonly ResiliencePipeline _afterStorage;
    private long _injected;

    public StorageFaultInjector(StorageFaultOptions options)
        : this(options, null, new SocketsHttpHandler())
    {
    }

    /// <param name="options">Rate, seed and latency.</param>
    /// <param name="decide">Which fault a call meets (tests aim a fault at one call); null: the seeded draw.</param>
    /// <param name="inner">The handler that talks to storage.</param>
    internal StorageFaultInjector(StorageFaultOptions options, Func<HttpRequestMessage, StorageFault>? decide, HttpMessageHandler inner)
        : base(inner)
    {
        _options = options;
        _decide = decide ?? Draw;
        _beforeStorage = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                Enabled = options.Latency > TimeSpan.Zero,
                InjectionRate = 1,
                Latency = options.Latency,
            })
            .AddChaosOutcome(new ChaosOutcomeStrategyOptions<HttpResponseMessage>
            {
                InjectionRate = 1,
                EnabledGenerator = args => Is(args.Context, StorageFault.Unavailable, StorageFault.InternalError),
                OutcomeGenerator = args => ValueTask.FromResult<Outcome<HttpResponseMessage>?>(Outcome.FromResult(Refusal(FaultOf(args.Context)))),
                OnOutcomeInjected = _ => Count(),
            })
            .AddChaosFault(new ChaosFaultStrategyOptions
            {
                InjectionRate = 1,
                EnabledGenerator = args => Is(args.Context, StorageFault.Timeout),
                FaultGenerator = _ => ValueTask.FromResult<Exception?>(
                    new TaskCanceledException("Injected fault: the storage call timed out.", new TimeoutException())),
                OnFaultInjected = _ => Count(),
            })
            .Build();
        _afterStorage = new ResiliencePipelineBuilder()
            .AddChaosFault(new ChaosFaultStrategyOptions
            {
                InjectionRate = 1,
                EnabledGenerator = args => Is(args.Context, StorageFault.LostAnswer),
                FaultGenerator = _ => ValueTask.FromResult<Exception?>(new HttpRequestException(
                    HttpRequestError.ConnectionError,
                    "Injected fault: storage carried out the call, but the connection dropped before its answer arrived.",
                    new IOException("Connection reset by peer (injected)."))),
                OnFaultInjected = _ => Count(),
            })
            .Build();
    }

    /// <summary>How many faults were injected so far.</summary>
    public long Injected => Interlocked.Read(ref _injected);

    /// <summary>The Azure SDK transport that sends every call through this seam.</summary>
    public HttpClientTransport Transport() => new(new HttpClient(this, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(FaultKey, _decide(request));
        try
        {
            return await _beforeStorage.ExecuteAsync(
                async (ctx, state) =>
                {
                    var response = await state.Self.SendToStorageAsync(state.Request, ctx.CancellationToken);
                    try
                    {
                        await state.Self._afterStorage.ExecuteAsync(static _ => ValueTask.CompletedTask, ctx);
                    }
                    catch
                    {
                        response.Dispose();
                        throw;
                    }

                    return response;
                },
                context,
                (Self: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendToStorageAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    /// <summary>A deterministic draw per (seed, request, occurrence): which fault, if any, this call meets.</summary>
    internal StorageFault Draw(HttpRequestMessage request)
    {
        if (_options.Rate <= 0)
        {
            return StorageFault.None;
        }

        var key = $"{request.Method} {request.RequestUri?.PathAndQuery} {request.Content?.Headers.ContentLength}";
        var occurrence = _seen.AddOrUpdate(key, 1, static (_, n) => n + 1);
        var hash = System.IO.Hashing.XxHash3.HashToUInt64(Encoding.UTF8.GetBytes($"{key} #{occurrence}"), _options.Seed);
        var draw = (hash >> 11) * (1.0 / (1UL << 53));
        if (draw >= _options.Rate)
        {
            return StorageFault.None;
        }

        // The lower half of the failing draws never reach storage; the upper half lose their answer.
        return draw >= _options.Rate / 2 ? StorageFault.LostAnswer : (StorageFault)(1 + (int)(hash % 3));
    }

    private static StorageFault FaultOf(ResilienceContext context) =>
        context.Properties.GetValue(FaultKey, StorageFault.None);

    private static ValueTask<bool> Is(ResilienceContext context, params StorageFault[] faults) =>
        ValueTask.FromResult(faults.Contains(FaultOf(context)));

    private static HttpResponseMessage Refusal(StorageFault fault)
    {
        var (status, code) = fault == StorageFault.Unavailable
            ? (HttpStatusCode.ServiceUnavailable, "ServerBusy")
            : (HttpStatusCode.InternalServerError, "InternalError");
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        response.Headers.Add("x-ms-error-code", code);
        return response;
    }

    private ValueTask Count()
    {
        Interlocked.Increment(ref _injected);
        return ValueTask.CompletedTask;
    }
}
