using Microsoft.Extensions.Options;

namespace Sway.Webhooks;

/// <summary>Whether a receiver URL may be subscribed (placeholder until the receiver address policy lands).</summary>
public sealed class WebhookReceiverCheck(IOptions<WebhookOptions> options)
{
    public Task<(Uri? Url, string? Error)> CheckAsync(string url, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return Task.FromResult<(Uri?, string?)>((null, "is not an absolute URL."));
        }

        return Task.FromResult<(Uri?, string?)>(uri.Scheme == Uri.UriSchemeHttps || (options.Value.AllowLoopback && uri.IsLoopback) ? (uri, null) : (null, "is not https."));
    }
}
