namespace Sway.Webhooks;

/// <summary>Which events of the subscribed types are sent: about these profiles only (null: every profile), and score changes of at least this many points.</summary>
public sealed record WebhookFilter(IReadOnlyList<string>? ProfileIds, int MinChange);
