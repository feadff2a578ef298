using System.Net.Http.Headers;

namespace Sway.Connectors.Http;

/// <summary>How long a response asks to wait: <c>Retry-After</c> as seconds or as an HTTP date, measured on the given clock.</summary>
public static class RetryAfter
{
    public static TimeSpan? Of(HttpResponseMessage? response, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var header = response?.Headers.RetryAfter;
        return header switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => Max(date - clock.GetUtcNow(), TimeSpan.Zero),
            _ => null,
        };
    }

    /// <summary>
    /// When a rate-limit window that is used up resets: <c>X-RateLimit-Remaining: 0</c> (Mastodon) or
    /// <c>RateLimit-Remaining: 0</c> (Bluesky), with the reset as an ISO 8601 date or as Unix seconds.
    /// Null while requests remain or the headers are absent.
    /// </summary>
    public static DateTimeOffset? WindowResetOf(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var remaining = First(headers, "X-RateLimit-Remaining") ?? First(headers, "RateLimit-Remaining");
        if (remaining is null || !long.TryParse(remaining, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var left) || left > 0)
        {
            return null;
        }

        var reset = First(headers, "X-RateLimit-Reset") ?? First(headers, "RateLimit-Reset");
        if (reset is null)
        {
            return null;
        }

        if (long.TryParse(reset, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var unix))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        return DateTimeOffset.TryParse(reset, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
