namespace Sway.Webhooks;

/// <summary>
/// One event on its way to one subscription: the outbox row that keeps the event's body (so that every attempt and
/// resend sends the same bytes under the same <c>webhook-id</c>) and every attempt's outcome. A run is one pass
/// through the retry schedule; a resend starts another.
/// </summary>
public sealed record WebhookDelivery(
    string SubscriptionId,
    string Id,
    string EventType,
    string Body,
    DateTimeOffset CreatedAt,
    WebhookDeliveryState State,
    int Run,
    int AttemptsInRun,
    IReadOnlyList<WebhookAttempt> Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ClaimedUntil,
    DateTimeOffset? DeliveredAt,
    string? FailedReason)
{
    public static WebhookDelivery Of(string subscriptionId, WebhookEvent e, DateTimeOffset firstAttemptAt) =>
        new(subscriptionId, e.Id, e.Type, e.Body, e.Timestamp, WebhookDeliveryState.Pending, 1, 0, [], firstAttemptAt, null, null, null);

    public bool IsFinal => State is WebhookDeliveryState.Delivered or WebhookDeliveryState.Failed;
}
