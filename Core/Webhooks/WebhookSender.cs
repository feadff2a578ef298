using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Sway.Webhooks;

/// <summary>
/// Makes one attempt: POSTs the event's body to the receiver, signed per Standard Webhooks with every secret that
/// signs now (the <c>webhook-id</c> is the delivery's, stable across attempts; the timestamp and signature are fresh).
/// The <see cref="HttpClient"/> connects only to allowed addresses, follows no redirect and gives up after
/// <see cref="WebhookOptions.Timeout"/>.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider clock)
{
    public const string UserAgent = "Sway-Webhooks/1.0 (+https://github.com/sway)";

    public async Task<WebhookResponse> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Id, now, delivery.Body, subscription.SigningSecrets(now)));
        request.Headers.UserAgent.ParseAdd(UserAgent);

        var started = clock.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var outcome = $"{status} {response.ReasonPhrase}".TrimEnd();
            if (status is >= 300 and < 400)
            {
                outcome += ": redirects are not followed";
            }

            return new WebhookResponse(status, outcome, RetryAfter(response, now), clock.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookResponse(null, $"no answer within {http.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null, clock.GetElapsedTime(started));
        }
        catch (HttpRequestException ex)
        {
            // A refused address (ConnectCallback) or a network failure: the inner exception says which.
            return new WebhookResponse(null, $"could not connect: {(ex.InnerException ?? ex).Message}", null, clock.GetElapsedTime(started));
        }
    }

    /// <summary><c>Retry-After</c> as seconds or an HTTP date, honoured on 429, 502, 503 and 504.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if ((int)response.StatusCode is not (429 or 502 or 503 or 504) || response.Headers.RetryAfter is not RetryConditionHeaderValue header)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - now : null);
        return delay is { } d && d > TimeSpan.Zero ? d : null;
    }
}
