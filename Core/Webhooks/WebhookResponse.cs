namespace Sway.Webhooks;

/// <summary>How one attempt ended, as the delivery worker acts on it.</summary>
/// <param name="Status">The receiver's HTTP status, or null when there was no answer.</param>
/// <param name="Outcome">What happened, in words, for the attempt log.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c> on 429, 502, 503 or 504, as a delay from now.</param>
/// <param name="Duration">How long the attempt took.</param>
public sealed record WebhookResponse(int? Status, string Outcome, TimeSpan? RetryAfter, TimeSpan Duration)
{
    /// <summary>Only 2xx is success (3xx included in failures: redirects are not followed).</summary>
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>410: the receiver says the endpoint is gone for good.</summary>
    public bool Gone => Status == 410;
}
