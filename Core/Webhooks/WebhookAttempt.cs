namespace Sway.Webhooks;

/// <summary>One attempt of a delivery: when, what the receiver answered (or why there was no answer), and how long it took.</summary>
public sealed record WebhookAttempt(int Number, DateTimeOffset At, int? Status, string Outcome, TimeSpan Duration);
