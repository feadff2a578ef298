namespace Sway.Webhooks;

/// <summary>The event types Sway sends. Subscriptions choose among <see cref="Subscribable"/>.</summary>
public static class WebhookEventTypes
{
    /// <summary>A profile's stored score differs from its previous one by at least the subscription's <c>minChange</c> (a first score counts).</summary>
    public const string ScoreChanged = "score.changed";

    /// <summary>A profile and everything Sway held about it were erased at its owner's request.</summary>
    public const string ProfileErased = "profile.erased";

    /// <summary>Sent on request to one subscription (<c>POST /api/webhooks/{id}/test</c>); not subscribable.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> Subscribable { get; } = [ScoreChanged, ProfileErased];
}
