namespace Sway.Webhooks;

/// <summary>Where one event's delivery to one subscription stands.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Waiting for its next attempt (<see cref="WebhookDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>An attempt is under way (claimed by a worker until <see cref="WebhookDelivery.ClaimedUntil"/>).</summary>
    Sending,

    /// <summary>The receiver answered 2xx. Final.</summary>
    Delivered,

    /// <summary>Every attempt failed, the receiver answered 410, or the subscription was disabled. Can be resent.</summary>
    Failed,
}
