using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Sway.Connectors.Http;

/// <summary>
/// Keeps a connector inside a network's published limits, per host. After a response that says the window is used up
/// (<c>X-RateLimit-Remaining: 0</c> with its reset), the next request to that host waits for the reset; after a 429,
/// for its <c>Retry-After</c>. A wait longer than <see cref="ConnectorOptions.MaxWait"/> is not waited: it throws
/// <see cref="RateLimitedException"/>, which ends the run's pull of that network (the cursor keeps its place). Retries of
/// 429 and 5xx answers are the resilience pipeline's (<see cref="ConnectorHttp"/>); this handler sits inside it, so it
/// sees every attempt. Waits run on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class RateLimitGate(TimeProvider clock, TimeSpan maxWait, ILogger<RateLimitGate> logger) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _closedUntil = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.RequestUri?.Authority ?? "";
        if (_closedUntil.TryGetValue(host, out var until))
        {
            var wait = until - clock.GetUtcNow();
            if (wait > maxWait)
            {
                throw new RateLimitedException(host, until);
            }

            if (wait > TimeSpan.Zero)
            {
                LogWaiting(logger, host, wait);
                await Task.Delay(wait, clock, cancellationToken);
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        var now = clock.GetUtcNow();
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = RetryAfter.Of(response, clock) ?? TimeSpan.Zero;
            _closedUntil[host] = now + retryAfter;
            if (retryAfter > maxWait)
            {
                response.Dispose();
                throw new RateLimitedException(host, now + retryAfter);
            }
        }
        else if (RetryAfter.WindowResetOf(response.Headers) is { } reset && reset > now)
        {
            _closedUntil[host] = reset;
        }
        else
        {
            _closedUntil.TryRemove(host, out _);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Host} asked Sway to slow down: waiting {Wait} before the next request")]
    private static partial void LogWaiting(ILogger logger, string host, TimeSpan wait);
}
