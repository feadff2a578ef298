namespace Sway.Webhooks;

/// <summary>
/// A subscription as the management API shows it. <see cref="Secret"/> is there only in the answers that create it
/// or rotate it; it is never shown (or logged) again.
/// </summary>
public sealed record WebhookSubscriptionView(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    WebhookFilter Filter,
    WebhookSubscriptionState State,
    WebhookDisabled? Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PreviousSecretExpiresAt,
    string? Secret = null)
{
    public static WebhookSubscriptionView Of(WebhookSubscription s, DateTimeOffset now, bool withSecret = false) => new(
        s.Id,
        s.Url.AbsoluteUri,
        s.Events,
        new WebhookFilter(s.ProfileIds, s.MinChange),
        s.State,
        s.IsActive ? null : new WebhookDisabled(s.DisabledReason ?? "", s.DisabledAt ?? s.CreatedAt),
        s.CreatedAt,
        s.FailingSince,
        s.PreviousSecretExpiresAt > now ? s.PreviousSecretExpiresAt : null,
        withSecret ? s.Secret.Text : null);
}
