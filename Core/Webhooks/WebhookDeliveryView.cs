namespace Sway.Webhooks;

/// <summary>A delivery as <c>GET /api/webhooks/{id}/deliveries</c> shows it: its state and every attempt.</summary>
public sealed record WebhookDeliveryView(
    string Id,
    string SubscriptionId,
    string EventType,
    WebhookDeliveryState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? FailedReason,
    IReadOnlyList<WebhookAttempt> Attempts)
{
    public static WebhookDeliveryView Of(WebhookDelivery d) =>
        new(d.Id, d.SubscriptionId, d.EventType, d.State, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.FailedReason, d.Attempts);
}
