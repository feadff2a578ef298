namespace Sway.Domain;

/// <summary>
/// One reaction received: <paramref name="ActorId"/> replied to, reposted, quoted, mentioned or liked
/// <paramref name="TargetId"/> (on <paramref name="PostId"/> when the network says which post).
/// <paramref name="EventId"/> is stable across re-reads of the same activity, which makes ingestion idempotent.
/// </summary>
public sealed record Interaction(
    string EventId,
    string Network,
    string ActorId,
    string TargetId,
    InteractionType Type,
    string? PostId,
    DateTimeOffset OccurredAt);
