namespace Sway.Webhooks;

/// <summary>Why and since when a subscription receives nothing.</summary>
public sealed record WebhookDisabled(string Reason, DateTimeOffset Since);
