namespace Sway.Webhooks;

/// <summary>Whether a subscription receives events.</summary>
public enum WebhookSubscriptionState
{
    Active,

    /// <summary>Receives nothing until enabled again: its receiver answered 410, or every delivery failed for days.</summary>
    Disabled,
}
