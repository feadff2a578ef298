using Azure;

namespace Sway.Storage;

/// <summary>A score as <see cref="ScoreStore.TryWriteAsync"/> stored it, and the version of its current row (null when the service gave none).</summary>
public sealed record WrittenScore(ScoredProfile Scored, ETag? Version);
