using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Sway.Connectors.Http;

/// <summary>
/// The HTTP client of a connector: a named <see cref="HttpClient"/> whose requests go through a Polly retry
/// (Microsoft.Extensions.Http.Resilience: 429, 5xx, timeouts and connection failures, waiting what <c>Retry-After</c>
/// says, seconds or date, or exponential backoff with jitter) around the <see cref="RateLimitGate"/>, and inside
/// it a per-attempt timeout of the request alone. Every wait runs on the registered <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public static class ConnectorHttp
{
    public static IHttpClientBuilder AddConnectorHttpClient(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddHttpClient(name);
        builder.AddResilienceHandler(name, static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
            var clock = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = clock;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && IsTransient(args.Outcome)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter.Of(args.Outcome.Result, clock)),
            });
        });
        builder.AddHttpMessageHandler(sp => new RateLimitGate(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.MaxWait,
            sp.GetRequiredService<ILogger<RateLimitGate>>()));

        // The timeout is the innermost handler: it times the request itself, not the gate's wait for a rate-limit window.
        builder.AddResilienceHandler(name + "-timeout", static (pipeline, context) =>
        {
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<ConnectorOptions>>().Value.RequestTimeout);
        });
        return builder;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: RateLimitedException } => false,
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
        _ => false,
    };
}
